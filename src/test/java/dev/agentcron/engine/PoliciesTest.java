package dev.agentcron.engine;

import static dev.agentcron.testing.ScheduleBuilder.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.domain.CatchUpPolicy;
import dev.agentcron.domain.OverlapPolicy;
import dev.agentcron.domain.Policies;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunPolicy;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleState;
import dev.agentcron.runner.Delivery;
import dev.agentcron.runner.DeliveryOutcome;
import dev.agentcron.testing.EngineHarness;
import dev.agentcron.testing.TestEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-schedule policies, with a manual clock and deliveries made inline. */
class PoliciesTest {

    private static final Instant DUE = Instant.parse("2030-01-01T09:00:00Z");
    private static final Executor INLINE = Runnable::run;

    @TempDir
    Path dir;

    private EngineHarness h;
    private TestEngine engine;

    @BeforeEach
    void start() {
        h = new EngineHarness(dir, DUE.minusSeconds(30));
        engine = h.engine(INLINE);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private void at(Instant instant) {
        h.clock.set(instant);
        engine.runOnce();
    }

    @Nested
    class CatchUp {

        private Schedule downForThreeHours(CatchUpPolicy policy) {
            Schedule s = aSchedule().cron("*/15 * * * *").nextFireAt(DUE).catchUp(policy).build();
            h.store.insertSchedule(s, null); // written before the node went down; the engine first sees it on its load
            at(DUE.plus(Duration.ofHours(3)).plusSeconds(20));
            return s;
        }

        @Test
        void onceFiresOneRunForEverythingMissed() {
            Schedule s = downForThreeHours(CatchUpPolicy.ONCE);

            assertThat(h.runner.deliveries()).hasSize(1);
            assertThat(h.runsOf(s)).singleElement().satisfies(r -> assertThat(r.dueAt()).isEqualTo(DUE.plus(Duration.ofHours(3))));
        }

        @Test
        void skipFiresNothingAndRecordsTheMiss() {
            Schedule s = downForThreeHours(CatchUpPolicy.SKIP);

            assertThat(h.runner.deliveries()).isEmpty();
            assertThat(h.runsOf(s)).extracting(Run::state).containsExactly(RunState.MISSED);
            assertThat(h.reload(s).nextFireAt()).isEqualTo(DUE.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(15)));
        }

        @Test
        void allFiresEachMissedOccurrenceInsideTheWindowUpToTheLimit() {
            Schedule s = aSchedule().cron("*/15 * * * *").nextFireAt(DUE)
                    .policies(p -> new Policies(CatchUpPolicy.ALL, Duration.ofHours(1), 3, OverlapPolicy.QUEUE, null, null, null, null))
                    .build();
            h.store.insertSchedule(s, null);

            at(DUE.plus(Duration.ofHours(3)).plusSeconds(20));

            assertThat(h.runner.deliveries()).extracting(Delivery::dueAt).containsExactly(
                    DUE.plus(Duration.ofMinutes(150)), DUE.plus(Duration.ofMinutes(165)), DUE.plus(Duration.ofMinutes(180)));
        }

        @Test
        void aScheduleCanWidenItsOwnWindow() {
            Schedule s = aSchedule().at(DUE)
                    .policies(p -> new Policies(CatchUpPolicy.ONCE, Duration.ofHours(6), 10, OverlapPolicy.QUEUE, null, null, null, null))
                    .build();
            h.store.insertSchedule(s, null);

            at(DUE.plus(Duration.ofHours(3)));

            assertThat(h.runsOf(s)).extracting(Run::state).containsExactly(RunState.SUCCEEDED);
        }
    }

    @Nested
    class Jitter {

        private Schedule jittered(String id) {
            Schedule draft = aSchedule().id(id).cron("0 9 * * *")
                    .policies(p -> new Policies(p.catchUp(), null, 10, p.overlap(), Duration.ofMinutes(10), null, null, null))
                    .nextFireAt(DUE).build();
            return h.save(engine, aSchedule().id(id).cron("0 9 * * *")
                    .policies(p -> new Policies(p.catchUp(), null, 10, p.overlap(), Duration.ofMinutes(10), null, null, null))
                    .nextFireAt(draft.fireTimeOf(DUE)).build());
        }

        @Test
        void spreadsAHerdByAFixedPerScheduleOffsetAndKeepsTheOccurrence() {
            Schedule a = jittered("herd-a");
            Schedule b = jittered("herd-b");

            assertThat(a.jitterOffset()).isNotEqualTo(b.jitterOffset());
            assertThat(a.jitterOffset()).isBetween(Duration.ZERO, Duration.ofMinutes(10));
            at(DUE.plus(a.jitterOffset()).minusMillis(1));
            assertThat(h.runsOf(a)).isEmpty();

            at(DUE.plus(a.jitterOffset()));

            assertThat(h.runsOf(a)).singleElement().satisfies(r -> {
                assertThat(r.dueAt()).isEqualTo(DUE);
                assertThat(r.times().lateness()).isZero();
            });
            assertThat(h.reload(a).nextFireAt()).isEqualTo(DUE.plus(Duration.ofDays(1)).plus(a.jitterOffset()));
        }
    }

    @Nested
    class Failures {

        @Test
        void pausesAfterTheConfiguredFailuresInARowAndSaysWhy() {
            DeliveryOutcome boom = new DeliveryOutcome.Failed("exit code 1: boom", null);
            h.runner.thenAnswer(boom, boom, boom);
            Schedule s = h.save(engine, aSchedule().agentRun().cron("* * * * *").nextFireAt(DUE)
                    .policies(p -> new Policies(p.catchUp(), null, 10, p.overlap(), null, null, null, 2)).build());

            at(DUE);
            assertThat(h.reload(s).state()).isEqualTo(ScheduleState.ACTIVE);
            at(DUE.plus(Duration.ofMinutes(1)));
            at(DUE.plus(Duration.ofMinutes(2)));

            Schedule paused = h.reload(s);
            assertThat(paused.state()).isEqualTo(ScheduleState.PAUSED);
            assertThat(paused.lastRun().pausedReason()).isEqualTo("paused after 2 failed runs in a row; the last: exit code 1: boom");
            assertThat(paused.nextFireAt()).isNull();
            assertThat(h.runsOf(s)).hasSize(2);
        }

        @Test
        void aSuccessResetsTheCount() {
            DeliveryOutcome boom = new DeliveryOutcome.Failed("boom", null);
            h.runner.thenAnswer(boom, new DeliveryOutcome.Delivered("ok"), boom);
            Schedule s = h.save(engine, aSchedule().agentRun().cron("* * * * *").nextFireAt(DUE)
                    .policies(p -> new Policies(p.catchUp(), null, 10, p.overlap(), null, null, null, 2)).build());

            for (int minute = 0; minute < 3; minute++) {
                at(DUE.plus(Duration.ofMinutes(minute)));
            }

            assertThat(h.reload(s).state()).isEqualTo(ScheduleState.ACTIVE);
            assertThat(h.reload(s).lastRun().failuresInARow()).isEqualTo(1);
        }

        @Test
        void usesTheSchedulesOwnRetryPolicy() {
            DeliveryOutcome busy = new DeliveryOutcome.Retryable("503", null);
            h.runner.thenAnswer(busy, busy, busy, busy);
            Schedule s = h.save(engine, aSchedule().at(DUE)
                    .policies(p -> new Policies(p.catchUp(), null, 10, p.overlap(), null,
                            new RunPolicy.Retry(2, Duration.ofSeconds(10)), null, null)).build());

            at(DUE);
            at(DUE.plusSeconds(4)); // the server's backoff (1 s) would have retried by now; the schedule's is 5-10 s
            assertThat(h.runner.deliveries()).hasSize(1);
            at(DUE.plusSeconds(10));
            at(DUE.plusSeconds(60));

            assertThat(h.runner.deliveries()).hasSize(2);
            assertThat(h.runsOf(s)).singleElement().satisfies(r -> {
                assertThat(r.state()).isEqualTo(RunState.ERROR);
                assertThat(r.error()).startsWith("gave up after 2 attempts");
            });
        }

        @Test
        void passesTheSchedulesTimeoutToTheRunner() {
            h.save(engine, aSchedule().at(DUE)
                    .policies(p -> new Policies(p.catchUp(), null, 10, p.overlap(), null, null, Duration.ofSeconds(45), null)).build());

            at(DUE);

            assertThat(h.runner.deliveries()).singleElement().satisfies(d -> {
                assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(45));
                assertThat(d.timeoutWithin(Duration.ofMinutes(30))).isEqualTo(Duration.ofSeconds(45));
                assertThat(d.timeoutWithin(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
            });
        }
    }

    @Nested
    class DaylightSaving {

        @Test
        void aNewYorkScheduleAt0230FiresOnceOnEachChangeDayAndEveryOtherDay() {
            java.time.ZoneId newYork = java.time.ZoneId.of("America/New_York");
            Schedule s = aSchedule().cron("30 2 * * *", newYork).nextFireAt(Instant.parse("2030-03-09T07:30:00Z")).build();
            h.store.insertSchedule(s, null);

            for (Instant t = Instant.parse("2030-03-09T00:00:00Z"); t.isBefore(Instant.parse("2030-03-12T00:00:00Z")); t = t.plus(Duration.ofMinutes(10))) {
                at(t);
            }
            var march = h.runsOf(s).stream().map(r -> r.dueAt().atZone(newYork).toLocalDateTime().toString()).toList();
            h.store.updateSchedule(new Schedule(s.id(), s.owner(), s.kind(), s.agentId(), s.name(), s.trigger(), s.payload(), null,
                    s.policies(), ScheduleState.ACTIVE, Instant.parse("2030-11-02T06:30:00Z"), h.reload(s).version(), s.lastRun(), s.audit()));
            engine.removed(s.id());
            for (Instant t = Instant.parse("2030-11-02T00:00:00Z"); t.isBefore(Instant.parse("2030-11-05T00:00:00Z")); t = t.plus(Duration.ofMinutes(10))) {
                at(t);
            }

            // (March's runs are pruned by November: the harness keeps history for 30 days.)
            assertThat(march).containsExactly("2030-03-11T02:30", "2030-03-10T03:00", "2030-03-09T02:30");
            assertThat(h.runsOf(s)).extracting(r -> r.dueAt().atZone(newYork).toLocalDateTime().toString())
                    .containsExactly("2030-11-04T02:30", "2030-11-03T02:30", "2030-11-02T02:30");
        }
    }
}
