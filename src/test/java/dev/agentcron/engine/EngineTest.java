package dev.agentcron.engine;

import static dev.agentcron.testing.ScheduleBuilder.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.callback.WebhookSignature;
import dev.agentcron.domain.CatchUpPolicy;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.Schedule;
import dev.agentcron.runner.Delivery;
import dev.agentcron.runner.DeliveryOutcome;
import dev.agentcron.store.Store;
import dev.agentcron.testing.CallbackReceiver;
import dev.agentcron.testing.ManualClock;
import dev.agentcron.testing.QueuedExecutor;
import dev.agentcron.testing.RecordingRunner;
import dev.agentcron.testing.TestEngine;
import dev.agentcron.testing.TestStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {

    private static final Instant T0 = Instant.parse("2030-01-01T08:00:00Z");
    private static final Instant DUE = Instant.parse("2030-01-01T09:00:00Z");
    private static final Executor INLINE = Runnable::run;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private final RecordingRunner runner = new RecordingRunner();
    private Store store;
    private TestEngine engine;

    @BeforeEach
    void openStore() {
        store = TestStores.sqlite(dir);
        engine = newEngine(INLINE);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private TestEngine newEngine(Executor executor) {
        return TestEngine.on(store, runner, executor, clock);
    }

    private Schedule save(Schedule schedule) {
        store.insertSchedule(schedule, null);
        engine.saved(schedule);
        return schedule;
    }

    private List<Run> runsOf(Schedule schedule) {
        return store.listRuns(schedule.id(), 0, 100);
    }

    @Nested
    class Firing {

        @Test
        void firesOnTheDueMillisecondAndNeverEarly() {
            Schedule s = save(aSchedule().at(DUE).build());

            clock.set(DUE.minusMillis(1));
            Duration wait = engine.runOnce();

            assertThat(runner.deliveries()).isEmpty();
            assertThat(wait).isEqualTo(Duration.ofMillis(1));

            clock.set(DUE);
            engine.runOnce();

            assertThat(runner.deliveries()).singleElement().satisfies(d -> assertThat(d.dueAt()).isEqualTo(DUE));
            assertThat(runsOf(s)).singleElement().satisfies(run -> {
                assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
                assertThat(run.times().lateness()).isZero();
                assertThat(run.response()).contains("end_turn");
            });
        }

        @Test
        void writesOneRunPerOccurrenceHoweverOftenItSteps() {
            Schedule s = save(aSchedule().at(DUE).build());
            clock.set(DUE);

            engine.runOnce();
            engine.runOnce();
            engine.runOnce();

            assertThat(runsOf(s)).hasSize(1);
            assertThat(runner.deliveries()).hasSize(1);
        }

        @Test
        void twoEnginesThatLoadedTheSameScheduleCommitOnlyOneRun() {
            Schedule s = save(aSchedule().at(DUE).build());
            TestEngine other = newEngine(INLINE);
            other.saved(s);
            clock.set(DUE);

            engine.runOnce();
            other.runOnce();

            assertThat(runsOf(s)).hasSize(1);
            assertThat(runner.deliveries()).hasSize(1);
        }

        @Test
        void computesTheNextFireFromTheNominalTimeSoCronNeverDrifts() {
            Schedule s = save(aSchedule().cron("*/10 * * * *").nextFireAt(DUE).build());

            clock.set(DUE.plusSeconds(30));
            engine.runOnce();

            assertThat(store.findSchedule(s.id()).orElseThrow().nextFireAt()).isEqualTo(DUE.plus(Duration.ofMinutes(10)));
            assertThat(runsOf(s)).singleElement().satisfies(run -> assertThat(run.times().lateness()).isEqualTo(Duration.ofSeconds(30)));
        }

        @Test
        void keepsFiringARecurringScheduleWithoutReloading() {
            Schedule s = save(aSchedule().cron("* * * * * *").nextFireAt(DUE).build());

            for (int second = 0; second < 5; second++) {
                clock.set(DUE.plusSeconds(second));
                engine.runOnce();
            }

            assertThat(runsOf(s)).extracting(Run::dueAt)
                    .containsExactly(DUE.plusSeconds(4), DUE.plusSeconds(3), DUE.plusSeconds(2), DUE.plusSeconds(1), DUE);
        }

        @Test
        void picksUpSchedulesWrittenByAnotherProcessOnItsNextLoad() {
            Schedule s = aSchedule().at(DUE).build();
            store.insertSchedule(s, null); // not announced to this engine
            engine.runOnce();

            clock.set(DUE);
            engine.runOnce();

            assertThat(runsOf(s)).hasSize(1);
        }

        @Test
        void sleepsUntilTheNextDueInstantOrTheNextLoad() {
            save(aSchedule().at(T0.plusSeconds(1)).build());

            assertThat(engine.runOnce()).isEqualTo(Duration.ofSeconds(1));
        }
    }

    @Nested
    class Deletion {

        @Test
        void aDeletedScheduleDoesNotFire() {
            Schedule s = save(aSchedule().at(DUE).build());
            engine.runOnce();
            store.deleteSchedule(s.id(), T0);
            engine.removed(s.id());

            clock.set(DUE);
            engine.runOnce();

            assertThat(runsOf(s)).isEmpty();
        }

        @Test
        void aScheduleChangedAfterItWasLoadedFailsTheVersionFenceAndDoesNotFire() {
            Schedule s = save(aSchedule().at(DUE).build());
            engine.runOnce();
            store.deleteSchedule(s.id(), T0); // the engine is not told

            clock.set(DUE);
            engine.runOnce();

            assertThat(runsOf(s)).isEmpty();
            assertThat(runner.deliveries()).isEmpty();
        }
    }

    @Nested
    class CrashRecovery {

        @Test
        void aRunWrittenButNotDeliveredIsDeliveredAfterRestartWithTheSameRunId() {
            QueuedExecutor crashing = new QueuedExecutor();
            TestEngine first = newEngine(crashing);
            Schedule s = aSchedule().at(DUE).build();
            store.insertSchedule(s, null);
            first.saved(s);
            clock.set(DUE);
            first.runOnce();
            crashing.discardAll(); // the process dies after the fire committed, before the agent was called
            Run written = runsOf(s).getFirst();
            assertThat(written.state()).isEqualTo(RunState.PENDING);

            TestEngine restarted = newEngine(INLINE);
            restarted.recover();

            assertThat(runner.deliveries()).singleElement().satisfies(d -> assertThat(d.runId()).isEqualTo(written.id()));
            assertThat(runsOf(s)).singleElement().satisfies(run -> assertThat(run.state()).isEqualTo(RunState.SUCCEEDED));
        }

        @Test
        void anAttemptCutOffMidDeliveryIsRepeatedWithTheSameRunIdAndTheNextAttemptNumber() {
            QueuedExecutor crashing = new QueuedExecutor();
            TestEngine first = newEngine(crashing);
            Schedule s = aSchedule().at(DUE).build();
            store.insertSchedule(s, null);
            first.saved(s);
            clock.set(DUE);
            first.runOnce();
            Run written = runsOf(s).getFirst();
            store.startAttempt(written.id(), 1, DUE); // attempt 1 began, then the process died
            crashing.discardAll();

            newEngine(INLINE).recover();

            assertThat(runner.deliveries()).singleElement().satisfies(d -> {
                assertThat(d.runId()).isEqualTo(written.id());
                assertThat(d.attempt()).isEqualTo(2);
            });
        }

        @Test
        void anOccurrenceDueWhileDownFiresLateInsideTheCatchUpWindow() {
            Schedule s = aSchedule().at(DUE).build();
            store.insertSchedule(s, null);

            clock.set(DUE.plus(Duration.ofMinutes(30)));
            engine.runOnce();

            assertThat(runsOf(s)).singleElement().satisfies(run -> {
                assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
                assertThat(run.times().lateness()).isEqualTo(Duration.ofMinutes(30));
            });
        }

        @Test
        void aOneTimeOccurrenceOlderThanTheWindowIsRecordedAsMissedAndNotDelivered() {
            Schedule s = aSchedule().at(DUE).build();
            store.insertSchedule(s, null);

            clock.set(DUE.plus(Duration.ofHours(2)));
            engine.runOnce();

            assertThat(runner.deliveries()).isEmpty();
            assertThat(runsOf(s)).singleElement().satisfies(run -> {
                assertThat(run.state()).isEqualTo(RunState.MISSED);
                assertThat(run.error()).contains("catch-up window");
            });
        }

        @Test
        void aRecurringScheduleDownForThreeHoursFiresOnceAndResumes() {
            Schedule s = aSchedule().cron("*/15 * * * *").nextFireAt(DUE).build();
            store.insertSchedule(s, null);

            clock.set(DUE.plus(Duration.ofHours(3)).plusSeconds(20));
            engine.runOnce();

            assertThat(runner.deliveries()).singleElement()
                    .satisfies(d -> assertThat(d.dueAt()).isEqualTo(DUE.plus(Duration.ofHours(3))));
            assertThat(store.findSchedule(s.id()).orElseThrow().nextFireAt())
                    .isEqualTo(DUE.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(15)));
        }

        @Test
        void aRecurringScheduleWithSkipFiresNothingItMissed() {
            Schedule s = aSchedule().cron("*/15 * * * *").nextFireAt(DUE).catchUp(CatchUpPolicy.SKIP).build();
            store.insertSchedule(s, null);

            clock.set(DUE.plus(Duration.ofHours(3)).plusSeconds(20));
            engine.runOnce();

            assertThat(runner.deliveries()).isEmpty();
            assertThat(runsOf(s)).singleElement().satisfies(run -> assertThat(run.state()).isEqualTo(RunState.MISSED));
        }
    }

    @Nested
    class Retries {

        @Test
        void retriesARetryableFailureAfterABackoffWithTheSameRunId() {
            runner.thenAnswer(new DeliveryOutcome.Retryable("503", null), new DeliveryOutcome.Retryable("timeout", null));
            Schedule s = save(aSchedule().at(DUE).build());
            clock.set(DUE);
            engine.runOnce();
            assertThat(runner.deliveries()).hasSize(1);

            clock.set(DUE.plusMillis(499)); // the first backoff is 0.5-1 s
            engine.runOnce();
            assertThat(runner.deliveries()).hasSize(1);
            assertThat(runsOf(s).getFirst().error()).isEqualTo("503");

            clock.set(DUE.plusSeconds(1));
            engine.runOnce();
            clock.set(DUE.plusSeconds(3)); // the second backoff is 1-2 s
            engine.runOnce();

            assertThat(runner.deliveries()).extracting(Delivery::attempt).containsExactly(1, 2, 3);
            assertThat(runner.deliveries()).extracting(Delivery::runId).containsOnly(runsOf(s).getFirst().id());
            assertThat(runsOf(s)).singleElement().satisfies(run -> {
                assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
                assertThat(run.attempt()).isEqualTo(3);
            });
        }

        @Test
        void honoursRetryAfterWhenTheTargetAsksForLonger() {
            runner.thenAnswer(new DeliveryOutcome.Retryable("429", Duration.ofSeconds(30)));
            save(aSchedule().at(DUE).build());
            clock.set(DUE);
            engine.runOnce();

            clock.set(DUE.plusSeconds(29));
            engine.runOnce();
            assertThat(runner.deliveries()).hasSize(1);

            clock.set(DUE.plusSeconds(30));
            engine.runOnce();
            assertThat(runner.deliveries()).hasSize(2);
        }

        @Test
        void aPermanentFailureEndsTheRunAtOnce() {
            runner.thenAnswer(new DeliveryOutcome.Failed("Letta answered 404: agent not found", "{\"detail\":\"not found\"}"));
            Schedule s = save(aSchedule().at(DUE).build());

            clock.set(DUE);
            engine.runOnce();
            clock.set(DUE.plus(Duration.ofHours(1)));
            engine.runOnce();

            assertThat(runner.deliveries()).hasSize(1);
            assertThat(runsOf(s)).singleElement().satisfies(run -> {
                assertThat(run.state()).isEqualTo(RunState.FAILED);
                assertThat(run.error()).contains("404");
            });
        }

        @Test
        void givesUpAfterTheLastAttempt() {
            DeliveryOutcome busy = new DeliveryOutcome.Retryable("503", null);
            runner.thenAnswer(busy, busy, busy, busy, busy);
            Schedule s = save(aSchedule().at(DUE).build());

            for (int minute = 0; minute < 10; minute++) {
                clock.set(DUE.plus(Duration.ofMinutes(minute)));
                engine.runOnce();
            }

            assertThat(runner.deliveries()).hasSize(4);
            assertThat(runsOf(s)).singleElement().satisfies(run -> {
                assertThat(run.state()).isEqualTo(RunState.ERROR);
                assertThat(run.error()).startsWith("gave up after 4 attempts");
            });
        }

        @Test
        void aFailedRunNeverStopsLaterFires() {
            runner.thenAnswer(new DeliveryOutcome.Failed("boom", null));
            Schedule s = save(aSchedule().cron("* * * * *").nextFireAt(DUE).build());

            clock.set(DUE);
            engine.runOnce();
            clock.set(DUE.plus(Duration.ofMinutes(1)));
            engine.runOnce();

            assertThat(runsOf(s)).extracting(Run::state).containsExactly(RunState.SUCCEEDED, RunState.FAILED);
        }
    }

    @Nested
    class Ordering {

        @Test
        void deliversToOneAgentOneRunAtATimeInDueOrder() {
            QueuedExecutor executor = new QueuedExecutor();
            engine = newEngine(executor);
            save(aSchedule().id("a").agent("agent-1").at(DUE).build());
            save(aSchedule().id("b").agent("agent-1").at(DUE.plusMillis(1)).build());
            save(aSchedule().id("c").agent("agent-2").at(DUE.plusMillis(1)).build());

            clock.set(DUE.plusMillis(1));
            engine.runOnce();

            assertThat(executor.pending()).isEqualTo(2); // agent-1's first run and agent-2's run; "b" waits
            executor.runAll();
            assertThat(runner.deliveries()).extracting(d -> d.input().at("/messages/0/content").asText()).containsExactly("hello from a", "hello from c", "hello from b");
        }
    }

    @Nested
    class Callbacks {

        @Test
        void postsASignedCallbackWithTheAnswerAfterTheRunEnds() throws Exception {
            try (CallbackReceiver receiver = new CallbackReceiver()) {
                Schedule s = save(aSchedule().at(DUE).callbackUrl(receiver.url("/hook")).build());

                clock.set(DUE);
                engine.runOnce(); // fires, delivers, and puts the callback in the outbox
                engine.runOnce(); // sends it

                CallbackReceiver.Received callback = receiver.next(5);
                assertThat(callback).isNotNull();
                assertThat(callback.body()).contains("\"status\":\"completed\"", "\"schedule_id\":\"" + s.id().value() + "\"",
                        "\"scheduled_for\":\"2030-01-01T09:00:00.000Z\"", "end_turn");
                assertThat(callback.header("webhook-signature")).isEqualTo(new WebhookSignature("whsec_c2VjcmV0")
                        .sign(callback.header("webhook-id"), Instant.ofEpochSecond(Long.parseLong(callback.header("webhook-timestamp"))), callback.body()));
                assertThat(runsOf(s).getFirst().callback().state()).isEqualTo("delivered");
            }
        }

        @Test
        void retriesACallbackThatFailedWithTheSameWebhookId() throws Exception {
            try (CallbackReceiver receiver = new CallbackReceiver().thenAnswer(500)) {
                Schedule s = save(aSchedule().at(DUE).callbackUrl(receiver.url("/hook")).build());
                clock.set(DUE);
                engine.runOnce();
                engine.runOnce();
                CallbackReceiver.Received first = receiver.next(5);
                assertThat(runsOf(s).getFirst().callback()).satisfies(cb -> {
                    assertThat(cb.state()).isEqualTo("pending");
                    assertThat(cb.lastStatusCode()).isEqualTo(500);
                });

                clock.set(DUE.plusSeconds(1));
                engine.runOnce();

                CallbackReceiver.Received second = receiver.next(5);
                assertThat(second.header("webhook-id")).isEqualTo(first.header("webhook-id"));
                assertThat(runsOf(s).getFirst().callback()).satisfies(cb -> {
                    assertThat(cb.state()).isEqualTo("delivered");
                    assertThat(cb.attempts()).isEqualTo(2);
                });
            }
        }

        @Test
        void aPendingCallbackIsSentAfterRestart() throws Exception {
            try (CallbackReceiver receiver = new CallbackReceiver()) {
                QueuedExecutor crashing = new QueuedExecutor();
                TestEngine first = newEngine(crashing);
                Schedule s = aSchedule().at(DUE).callbackUrl(receiver.url("/hook")).build();
                store.insertSchedule(s, null);
                first.saved(s);
                clock.set(DUE);
                first.runOnce();
                crashing.runAll(); // delivered; the callback is in the outbox but the process dies before sending
                assertThat(receiver.count()).isZero();

                TestEngine restarted = newEngine(INLINE);
                restarted.recover();
                restarted.runOnce();

                assertThat(receiver.next(5)).isNotNull();
                assertThat(runsOf(s).getFirst().callback().state()).isEqualTo("delivered");
            }
        }
    }
}
