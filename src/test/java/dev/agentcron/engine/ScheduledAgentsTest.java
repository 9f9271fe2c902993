package dev.agentcron.engine;

import static dev.agentcron.testing.ScheduleBuilder.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentcron.domain.OverlapPolicy;
import dev.agentcron.domain.Caller;
import dev.agentcron.domain.Principal;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunSource;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.domain.TargetPolicy;
import dev.agentcron.runner.DeliveryOutcome;
import dev.agentcron.service.AuditLog;
import dev.agentcron.service.RunService;
import dev.agentcron.service.ScheduleService;
import dev.agentcron.testing.EngineHarness;
import dev.agentcron.testing.TestEngine;
import dev.agentcron.testing.QueuedExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overlap, spawn errors, run now and cancellation, with a manual clock and a queued executor. */
class ScheduledAgentsTest {

    private static final Instant DUE = Instant.parse("2030-01-01T09:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    private EngineHarness h;
    private final QueuedExecutor executor = new QueuedExecutor();
    private TestEngine engine;

    @BeforeEach
    void start() {
        h = new EngineHarness(dir, DUE.minusSeconds(30));
        engine = h.engine(executor);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private Schedule everyMinute(OverlapPolicy overlap) {
        return h.save(engine, aSchedule().agentRun().name("nightly").cron("* * * * *").nextFireAt(DUE).overlap(overlap).build());
    }

    private void fireAt(Instant at) {
        h.clock.set(at);
        engine.runOnce();
    }

    @Nested
    class Overlap {

        @Test
        void skipsAnOccurrenceWhileThePreviousRunIsStillGoing() {
            Schedule s = everyMinute(OverlapPolicy.SKIP);

            fireAt(DUE);
            fireAt(DUE.plus(MINUTE));

            assertThat(h.runsOf(s)).extracting(Run::state).containsExactly(RunState.SKIPPED, RunState.PENDING);
            assertThat(h.runsOf(s).getFirst().error()).contains("previous run of this schedule was still going");
            executor.runAll();
            assertThat(h.runner.deliveries()).hasSize(1);
        }

        @Test
        void queuesAnOccurrenceBehindTheRunStillGoing() {
            Schedule s = everyMinute(OverlapPolicy.QUEUE);

            fireAt(DUE);
            fireAt(DUE.plus(MINUTE));

            assertThat(executor.pending()).isEqualTo(1);
            executor.runAll();
            assertThat(h.runner.deliveries()).extracting(d -> d.dueAt()).containsExactly(DUE, DUE.plus(MINUTE));
            assertThat(h.runsOf(s)).extracting(Run::state).containsOnly(RunState.SUCCEEDED);
        }

        @Test
        void allowsOverlappingRunsWhenAsked() {
            everyMinute(OverlapPolicy.ALLOW);

            fireAt(DUE);
            fireAt(DUE.plus(MINUTE));

            assertThat(executor.pending()).isEqualTo(2);
        }
    }

    @Nested
    class SpawnErrors {

        @Test
        void aSpawnFailureEndsTheRunInErrorAndShowsOnTheScheduleUntilARunStarts() {
            h.runner.thenAnswer(new DeliveryOutcome.Rejected("cannot start codex: No such file or directory", null));
            Schedule s = everyMinute(OverlapPolicy.SKIP);

            fireAt(DUE);
            executor.runAll();

            assertThat(h.runsOf(s).getFirst().state()).isEqualTo(RunState.ERROR);
            assertThat(h.reload(s).lastRun().spawnError()).isEqualTo("cannot start codex: No such file or directory");
            assertThat(h.reload(s).lastRun().ranAt()).isNull();

            fireAt(DUE.plus(MINUTE));
            executor.runAll();

            assertThat(h.runsOf(s)).extracting(Run::state).containsExactly(RunState.SUCCEEDED, RunState.ERROR);
            assertThat(h.reload(s).lastRun().spawnError()).isNull();
            assertThat(h.reload(s).lastRun().ranAt()).isEqualTo(DUE.plus(MINUTE));
        }

        @Test
        void anAgentThatRanAndFailedAlsoClearsTheSpawnError() {
            h.runner.thenAnswer(new DeliveryOutcome.Rejected("no runner", null), new DeliveryOutcome.Failed("exit code 1: oops", "partial"));
            Schedule s = everyMinute(OverlapPolicy.SKIP);

            fireAt(DUE);
            executor.runAll();
            fireAt(DUE.plus(MINUTE));
            executor.runAll();

            assertThat(h.runsOf(s).getFirst()).satisfies(run -> {
                assertThat(run.state()).isEqualTo(RunState.FAILED);
                assertThat(run.response()).isEqualTo("partial");
                assertThat(run.error()).isEqualTo("exit code 1: oops");
            });
            assertThat(h.reload(s).lastRun().spawnError()).isNull();
        }
    }

    @Nested
    class RunsOutsideTheCadence {

        private final Caller alice = Caller.admin(new Principal("alice"));

        private RunService runs() {
            AuditLog audit = new AuditLog(h.store, h.ids, h.clock);
            ScheduleService schedules = new ScheduleService(h.store, engine.changes, h.ids, h.clock, new TargetPolicy(Set.of()), audit,
                    new ScheduleService.Limits(100, Duration.ofSeconds(1)));
            return new RunService(h.store, schedules, engine.dispatcher, h.ids, h.clock, audit, engine.callbacks::enqueue);
        }

        @Test
        void runNowDeliversAtOnceAndLeavesTheCadenceAlone() {
            Schedule s = everyMinute(OverlapPolicy.SKIP);
            h.clock.set(DUE.minusSeconds(20));

            Run run = runs().runNow(alice, ScheduleKind.AGENT_RUN, s.id());
            executor.runAll();

            assertThat(run.source()).isEqualTo(RunSource.MANUAL);
            assertThat(h.runner.deliveries()).singleElement().satisfies(d -> assertThat(d.prompt()).isEqualTo("prompt of " + s.id()));
            assertThat(h.store.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(h.reload(s).nextFireAt()).isEqualTo(DUE);
        }

        @Test
        void startsARunWithoutASchedule() {
            var input = JsonNodeFactory.instance.objectNode().put("prompt", "one-off");

            Run run = runs().start(alice, input);
            executor.runAll();

            assertThat(run.scheduleId()).isNull();
            assertThat(h.store.findRun(run.id()).orElseThrow()).satisfies(stored -> {
                assertThat(stored.source()).isEqualTo(RunSource.API);
                assertThat(stored.state()).isEqualTo(RunState.SUCCEEDED);
            });
        }

        @Test
        void aCancelledRunThatWasWaitingIsNeverDelivered() {
            Schedule s = everyMinute(OverlapPolicy.SKIP);
            fireAt(DUE);
            Run waiting = h.runsOf(s).getFirst();

            Run cancelled = runs().cancel(alice, waiting.id());
            executor.runAll();

            assertThat(cancelled.state()).isEqualTo(RunState.CANCELLED);
            assertThat(h.runner.deliveries()).isEmpty();
        }
    }
}
