package dev.agentcron.engine;

import static dev.agentcron.engine.PartsHarness.DUE;
import static dev.agentcron.testing.ScheduleBuilder.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.Schedule;
import dev.agentcron.runner.DeliveryOutcome;
import dev.agentcron.testing.QueuedExecutor;
import dev.agentcron.testing.TestEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatcherTest {

    @TempDir
    Path dir;

    private PartsHarness h;

    @BeforeEach
    void open() {
        h = new PartsHarness(dir);
        h.clock.set(DUE);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private Run written(Schedule schedule, String runId) {
        h.store.insertSchedule(schedule, null);
        Run run = Run.manual(schedule, new RunId(runId), DUE);
        h.store.insertRun(run);
        return run;
    }

    /** Two runs written for one Letta agent, so they share a lane. */
    private List<Run> twoRunsOfOneLane() {
        Schedule s = aSchedule().agent("agent-1").build();
        Run second = Run.manual(s, new RunId("run-2"), DUE);
        List<Run> runs = List.of(written(s, "run-1"), second);
        h.store.insertRun(second);
        return runs;
    }

    @Test
    void deliversTheRunsOfOneLaneOneAtATimeInOrder() {
        QueuedExecutor executor = new QueuedExecutor();
        TestEngine engine = TestEngine.on(h.store, h.runner, executor, h.clock);
        List<Run> runs = twoRunsOfOneLane();
        Run first = runs.get(0);
        Run second = runs.get(1);

        engine.dispatcher.submit(first);
        engine.dispatcher.submit(second);
        engine.dispatcher.submit(first);

        assertThat(executor.pending()).as("the second waits for its lane; the repeat is dropped").isEqualTo(1);
        executor.runAll();
        assertThat(h.runner.deliveries()).extracting(d -> d.runId().value()).containsExactly("run-1", "run-2");
    }

    @Test
    void retriesARetryableOutcomeOnTheTimerWithTheSameRunId() {
        h.runner.thenAnswer(new DeliveryOutcome.Retryable("503", null), new DeliveryOutcome.Delivered("{}"));
        Run run = written(aSchedule().build(), "run-1");

        h.engine.dispatcher.submit(run);
        assertThat(h.store.findRun(run.id()).orElseThrow().error()).isEqualTo("503");
        h.clock.advance(Duration.ofMinutes(5));
        h.engine.runOnce();

        assertThat(h.runner.deliveries()).extracting(d -> d.attempt()).containsExactly(1, 2);
        assertThat(h.store.findRun(run.id()).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void aCancelledRunWaitingItsTurnIsNeverDelivered() {
        QueuedExecutor executor = new QueuedExecutor();
        TestEngine engine = TestEngine.on(h.store, h.runner, executor, h.clock);
        List<Run> runs = twoRunsOfOneLane();
        Run first = runs.get(0);
        Run second = runs.get(1);
        engine.dispatcher.submit(first);
        engine.dispatcher.submit(second);

        h.store.cancelRun(second.id(), "cancelled", DUE);
        engine.dispatcher.cancel(second.id());
        executor.runAll();

        assertThat(h.runner.deliveries()).extracting(d -> d.runId().value()).containsExactly("run-1");
        assertThat(engine.dispatcher.lanesBusy()).isZero();
    }
}
