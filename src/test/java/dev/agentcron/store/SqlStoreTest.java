package dev.agentcron.store;

import static dev.agentcron.testing.ScheduleBuilder.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentcron.domain.FirePlan;
import dev.agentcron.domain.Principal;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleState;
import dev.agentcron.testing.TestStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's contract, on a real SQLite file, with the JVM in a non-UTC zone. */
class SqlStoreTest {

    private static final Instant DUE = Instant.parse("2030-01-01T09:00:00Z");

    @TempDir
    Path dir;

    private Store store;
    private TimeZone zone;

    @BeforeEach
    void open() {
        zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
        store = TestStores.sqlite(dir);
    }

    @AfterEach
    void close() {
        store.close();
        TimeZone.setDefault(zone);
    }

    private Store.Fire fire(Schedule s, String runId) {
        return new Store.Fire(s, new FirePlan(s.nextFireAt(), true, null, 0), new RunId(runId));
    }

    @Nested
    class InsertSchedule {

        @Test
        void keepsEveryFieldAndTheInstantExactly() {
            Schedule s = aSchedule().cron("0 9 * * 1-5").callbackUrl("https://example.com/x").nextFireAt(DUE.plusMillis(7)).build();

            store.insertSchedule(s, null);

            assertThat(store.findSchedule(s.id())).contains(s);
        }

        @Test
        void refusesASecondUseOfOneIdempotencyKeyAndKeepsTheFirstSchedule() {
            Schedule first = aSchedule().build();
            Schedule second = aSchedule().build();
            IdempotencyRecord key = new IdempotencyRecord(first.owner(), "k", "h", 201, "{}", DUE);
            store.insertSchedule(first, key);

            assertThatThrownBy(() -> store.insertSchedule(second, key)).isInstanceOf(StoreException.class);

            assertThat(store.findSchedule(second.id())).isEmpty();
            assertThat(store.findIdempotency(first.owner(), "k")).hasValueSatisfying(r -> assertThat(r.response()).isEqualTo("{}"));
        }
    }

    @Nested
    class ListSchedules {

        @Test
        void pagesInIdOrderForOneOwnerAndAgentAndHidesDeletedAndDone() {
            store.insertSchedule(aSchedule().id("a1").build(), null);
            store.insertSchedule(aSchedule().id("a2").build(), null);
            store.insertSchedule(aSchedule().id("a3").build(), null);
            store.insertSchedule(aSchedule().id("a4").owner("bob").build(), null);
            store.insertSchedule(aSchedule().id("a5").agent("agent-2").build(), null);
            store.deleteSchedule(new dev.agentcron.domain.ScheduleId("a2"), DUE);

            List<Schedule> page = store.listSchedules(new Principal("alice"), "agent-1", "a1", 10);

            assertThat(page).extracting(s -> s.id().value()).containsExactly("a3");
        }
    }

    @Nested
    class RecordFires {

        @Test
        void writesTheRunAndMovesTheScheduleInOneStep() {
            Schedule s = aSchedule().at(DUE).build();
            store.insertSchedule(s, null);

            List<Store.Fired> fired = store.recordFires(List.of(fire(s, "run-1")), DUE);

            assertThat(fired).singleElement().satisfies(f -> assertThat(f.run().state()).isEqualTo(RunState.PENDING));
            assertThat(store.findSchedule(s.id()).orElseThrow().state()).isEqualTo(ScheduleState.DONE);
            assertThat(store.findUnfinishedRuns(10)).extracting(r -> r.id().value()).containsExactly("run-1");
        }

        @Test
        void neverWritesASecondRunForOneOccurrence() {
            Schedule s = aSchedule().cron("* * * * *").nextFireAt(DUE).build();
            store.insertSchedule(s, null);
            store.recordFires(List.of(fire(s, "run-1")), DUE);

            // A stale copy fires the same occurrence again: the version fence stops it.
            List<Store.Fired> again = store.recordFires(List.of(fire(s, "run-2")), DUE);

            assertThat(again).isEmpty();
            assertThat(store.listRuns(s.id(), 0, 10)).extracting(r -> r.id().value()).containsExactly("run-1");
        }

        @Test
        void theUniqueOccurrenceKeyHoldsEvenWhenTheFenceIsPassed() {
            Schedule s = aSchedule().cron("* * * * *").nextFireAt(DUE).build();
            store.insertSchedule(s, null);
            Store.Fire first = new Store.Fire(s, new FirePlan(DUE, true, DUE.plusSeconds(60), 0), new RunId("run-1"));
            Schedule advanced = store.recordFires(List.of(first), DUE).getFirst().schedule();

            // Same occurrence again from the current version (a bug would do this): the database refuses.
            List<Store.Fired> again = store.recordFires(List.of(new Store.Fire(advanced,
                    new FirePlan(DUE, true, DUE.plusSeconds(60), 0), new RunId("run-2"))), DUE);

            assertThat(again).singleElement().satisfies(f -> assertThat(f.run()).isNull());
            assertThat(store.listRuns(s.id(), 0, 10)).hasSize(1);
        }
    }

    @Nested
    class FinishRun {

        @Test
        void finishesOnceAndPutsTheCallbackInTheOutboxWithIt() {
            Schedule s = aSchedule().at(DUE).build();
            store.insertSchedule(s, null);
            store.recordFires(List.of(fire(s, "run-1")), DUE);
            CallbackRecord callback = new CallbackRecord("cb-1", new RunId("run-1"), "https://example.com", "{}", 0, DUE);

            boolean first = store.finishRun(new Store.RunEnd(new RunId("run-1"), RunState.SUCCEEDED, 1, DUE, "{\"ok\":1}", null), DUE, callback);
            boolean second = store.finishRun(new Store.RunEnd(new RunId("run-1"), RunState.FAILED, 2, DUE, null, "late"), DUE, callback);

            assertThat(first).isTrue();
            assertThat(second).isFalse();
            assertThat(store.findRun(new RunId("run-1"))).hasValueSatisfying(run -> {
                assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
                assertThat(run.attempt()).isEqualTo(1);
                assertThat(run.times().startedAt()).isEqualTo(DUE);
                assertThat(run.callback().state()).isEqualTo("pending");
            });
            assertThat(store.findPendingCallbacks(10)).extracting(CallbackRecord::id).containsExactly("cb-1");
            assertThat(store.findUnfinishedRuns(10)).isEmpty();
        }
    }

    @Nested
    class Settings {

        @Test
        void keepsTheFirstValueOfASetting() {
            assertThat(store.insertSettingIfAbsent("s", "one")).isEqualTo("one");
            assertThat(store.insertSettingIfAbsent("s", "two")).isEqualTo("one");
            assertThat(store.findSetting("s")).contains("one");
        }
    }
}
