package dev.agentcron.store;

import static dev.agentcron.testing.ScheduleBuilder.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentcron.domain.Buckets;
import dev.agentcron.domain.FirePlan;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunFilter;
import dev.agentcron.domain.RunSource;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.domain.Principal;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's contract. Each dialect's test supplies a fresh store; every group runs against both, with the
 * JVM in a non-UTC zone (and, for PostgreSQL, the server in yet another).
 */
abstract class StoreContract {

    private static final Instant DUE = Instant.parse("2030-01-01T09:00:00Z");

    @TempDir
    Path dir;

    protected Store store;
    private TimeZone zone;

    /** A new, empty store of the dialect under test. */
    protected abstract Store newStore(Path dir);

    @BeforeEach
    void open() {
        zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
        store = newStore(dir);
    }

    @AfterEach
    void close() {
        store.close();
        TimeZone.setDefault(zone);
    }

    private Store.Fire fire(Schedule s, String runId) {
        return new Store.Fire(s, new FirePlan(List.of(s.nextFireAt()), null, null, 0), List.of(new RunId(runId)));
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

            List<Store.Fired> fired = store.recordFires(List.of(fire(s, "run-1")), DUE, Claim.ALL);

            assertThat(fired).singleElement().satisfies(f -> assertThat(f.runs().getFirst().state()).isEqualTo(RunState.PENDING));
            assertThat(store.findSchedule(s.id()).orElseThrow().state()).isEqualTo(ScheduleState.DONE);
            assertThat(store.findUnfinishedRuns(10, Claim.ALL)).extracting(r -> r.id().value()).containsExactly("run-1");
        }

        @Test
        void neverWritesASecondRunForOneOccurrence() {
            Schedule s = aSchedule().cron("* * * * *").nextFireAt(DUE).build();
            store.insertSchedule(s, null);
            store.recordFires(List.of(fire(s, "run-1")), DUE, Claim.ALL);

            // A stale copy fires the same occurrence again: the version fence stops it.
            List<Store.Fired> again = store.recordFires(List.of(fire(s, "run-2")), DUE, Claim.ALL);

            assertThat(again).isEmpty();
            assertThat(store.listRuns(s.id(), 0, 10)).extracting(r -> r.id().value()).containsExactly("run-1");
        }

        @Test
        void theUniqueOccurrenceKeyHoldsEvenWhenTheFenceIsPassed() {
            Schedule s = aSchedule().cron("* * * * *").nextFireAt(DUE).build();
            store.insertSchedule(s, null);
            Store.Fire first = new Store.Fire(s, new FirePlan(List.of(DUE), null, DUE.plusSeconds(60), 0), List.of(new RunId("run-1")));
            Schedule advanced = store.recordFires(List.of(first), DUE, Claim.ALL).getFirst().schedule();

            // Same occurrence again from the current version (a bug would do this): the database refuses.
            List<Store.Fired> again = store.recordFires(List.of(new Store.Fire(advanced,
                    new FirePlan(List.of(DUE), null, DUE.plusSeconds(60), 0), List.of(new RunId("run-2")))), DUE, Claim.ALL);

            assertThat(again).singleElement().satisfies(f -> assertThat(f.runs()).isEmpty());
            assertThat(store.listRuns(s.id(), 0, 10)).hasSize(1);
        }
    }

    @Nested
    class FinishRun {

        @Test
        void finishesOnceAndPutsTheCallbackInTheOutboxWithIt() {
            Schedule s = aSchedule().at(DUE).build();
            store.insertSchedule(s, null);
            store.recordFires(List.of(fire(s, "run-1")), DUE, Claim.ALL);
            CallbackRecord callback = new CallbackRecord("cb-1", new RunId("run-1"), "https://example.com", "{}", 0, DUE);

            boolean first = store.finishRun(new Store.RunEnd(new RunId("run-1"), RunState.SUCCEEDED, 1, DUE, "{\"ok\":1}", null, null, true), DUE, callback);
            boolean second = store.finishRun(new Store.RunEnd(new RunId("run-1"), RunState.FAILED, 2, DUE, null, "late", null, true), DUE, callback);

            assertThat(first).isTrue();
            assertThat(second).isFalse();
            assertThat(store.findRun(new RunId("run-1"))).hasValueSatisfying(run -> {
                assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
                assertThat(run.attempt()).isEqualTo(1);
                assertThat(run.times().startedAt()).isEqualTo(DUE);
                assertThat(run.callback().state()).isEqualTo("pending");
            });
            assertThat(store.findPendingCallbacks(10, Claim.ALL)).extracting(CallbackRecord::id).containsExactly("cb-1");
            assertThat(store.findUnfinishedRuns(10, Claim.ALL)).isEmpty();
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

    @Nested
    class FindDue {

        @Test
        void findsOnlyWhatIsDueInTheClaimedBuckets() {
            Schedule early = aSchedule().at(DUE).build();
            Schedule late = aSchedule().at(DUE.plusSeconds(60)).build();
            store.insertSchedule(early, null);
            store.insertSchedule(late, null);

            List<Schedule> all = store.findDue(DUE.plusSeconds(1), 10, Claim.ALL);
            List<Schedule> mine = store.findDue(DUE.plusSeconds(1), 10, new Claim("n1", java.util.Map.of(Buckets.of(early), 1L)));
            List<Schedule> others = store.findDue(DUE.plusSeconds(1), 10,
                    new Claim("n1", java.util.Map.of((Buckets.of(early) + 1) % Buckets.COUNT, 1L)));

            assertThat(all).extracting(Schedule::id).containsExactly(early.id());
            assertThat(mine).extracting(Schedule::id).containsExactly(early.id());
            assertThat(others).isEmpty();
        }
    }

    @Nested
    class UpdateSchedule {

        @Test
        void replacesTheFieldsOnlyFromTheVersionItRead() {
            Schedule s = aSchedule().agentRun().name("old").cron("0 9 * * *").build();
            store.insertSchedule(s, null);
            Schedule renamed = new Schedule(s.id(), s.owner(), s.kind(), s.agentId(), "new", s.trigger(), s.payload(), null,
                    s.policies(), ScheduleState.PAUSED, null, s.version(), s.lastRun(), s.audit());

            boolean first = store.updateSchedule(renamed);
            boolean stale = store.updateSchedule(renamed);

            assertThat(first).isTrue();
            assertThat(stale).isFalse();
            Schedule stored = store.findSchedule(s.id()).orElseThrow();
            assertThat(stored.name()).isEqualTo("new");
            assertThat(stored.state()).isEqualTo(ScheduleState.PAUSED);
            assertThat(stored.version()).isEqualTo(s.version() + 1);
        }

        @Test
        void listsByNameIgnoringCaseThenById() {
            store.insertSchedule(aSchedule().agentRun().id("s3").name("beta").build(), null);
            store.insertSchedule(aSchedule().agentRun().id("s2").name("alpha").build(), null);
            store.insertSchedule(aSchedule().agentRun().id("s1").name("Alpha").build(), null);

            assertThat(store.listSchedulesByName(new Principal("alice"), ScheduleKind.AGENT_RUN))
                    .extracting(x -> x.id().value()).containsExactly("s1", "s2", "s3");
        }
    }

    @Nested
    class QueryRuns {

        private Run run(String id, Schedule s, RunSource source, RunState state, Instant createdAt) {
            return new Run(new RunId(id), s == null ? null : s.id(), new Principal("alice"), ScheduleKind.AGENT_RUN, "", source,
                    "run:" + id, createdAt, state, 0, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
                    null, dev.agentcron.domain.RunPolicy.DEFAULTS, new Run.Times(createdAt, createdAt, null, null, java.time.Duration.ZERO),
                    null, null, null);
        }

        @Test
        void filtersBySchedulesStatesSourcesAndTimesAndPagesByKeyset() {
            Schedule s = aSchedule().agentRun().build();
            store.insertSchedule(s, null);
            store.insertRun(run("r1", s, RunSource.SCHEDULE, RunState.PENDING, DUE));
            store.insertRun(run("r2", s, RunSource.MANUAL, RunState.PENDING, DUE.plusSeconds(1)));
            store.insertRun(run("r3", null, RunSource.API, RunState.PENDING, DUE.plusSeconds(2)));
            store.cancelRun(new RunId("r2"), "stop", DUE.plusSeconds(3));
            Principal alice = new Principal("alice");

            assertThat(ids(new RunFilter(alice, null, Set.of(), Set.of(), null, null, null, 10))).containsExactly("r3", "r2", "r1");
            assertThat(ids(new RunFilter(alice, s.id(), Set.of(), Set.of(), null, null, null, 10))).containsExactly("r2", "r1");
            assertThat(ids(new RunFilter(alice, null, Set.of(RunState.CANCELLED), Set.of(), null, null, null, 10))).containsExactly("r2");
            assertThat(ids(new RunFilter(alice, null, Set.of(), Set.of(RunSource.MANUAL, RunSource.API), null, null, null, 10)))
                    .containsExactly("r3", "r2");
            assertThat(ids(new RunFilter(alice, null, Set.of(), Set.of(), DUE, DUE.plusSeconds(2), null, 10))).containsExactly("r2");
            assertThat(ids(new RunFilter(alice, null, Set.of(), Set.of(), null, null,
                    new RunFilter.Cursor(DUE.plusSeconds(2), "r3"), 1))).containsExactly("r2");
            assertThat(ids(new RunFilter(new Principal("bob"), null, Set.of(), Set.of(), null, null, null, 10))).isEmpty();
        }

        private List<String> ids(RunFilter filter) {
            return store.queryRuns(filter).stream().map(r -> r.id().value()).toList();
        }
    }

    @Nested
    class Prune {

        @Test
        void deletesFinishedHistoryOlderThanTheCutInBatchesAndKeepsTheRest() {
            Schedule old = aSchedule().at(DUE).build();
            Schedule recurring = aSchedule().cron("* * * * *").nextFireAt(DUE).build();
            store.insertSchedule(old, null);
            store.insertSchedule(recurring, null);
            store.recordFires(List.of(fire(old, "run-old")), DUE, Claim.ALL);
            store.recordFires(List.of(new Store.Fire(recurring, new FirePlan(List.of(DUE), null, DUE.plusSeconds(60), 0), List.of(new RunId("run-open")))),
                    DUE, Claim.ALL);
            store.finishRun(new Store.RunEnd(new RunId("run-old"), RunState.SUCCEEDED, 1, DUE, "{}", null, null, true), DUE,
                    new CallbackRecord("cb-old", new RunId("run-old"), "https://example.com", "{}", 0, DUE));
            store.recordCallbackAttempt(new CallbackAttempt("cb-old", "delivered", 1, 200, null, null, DUE));

            int first = store.prune(DUE.plusSeconds(1), 1, Claim.ALL);
            int all = first + store.prune(DUE.plusSeconds(1), 100, Claim.ALL);

            assertThat(first).isGreaterThanOrEqualTo(1);
            assertThat(all).isEqualTo(3); // the callback, the finished run, and its done one-time schedule
            assertThat(store.findRun(new RunId("run-old"))).isEmpty();
            assertThat(store.findSchedule(old.id())).isEmpty();
            assertThat(store.findRun(new RunId("run-open"))).isPresent();
            assertThat(store.findSchedule(recurring.id())).isPresent();
            assertThat(store.prune(DUE.plusSeconds(1), 100, Claim.ALL)).isZero();
            assertThat(count("SELECT count(*) FROM schedule_payloads")).as("no payload outlives its schedule")
                    .isEqualTo(count("SELECT count(*) FROM schedules"));
        }
    }

    private long count(String query) {
        try (var c = StoreAccess.connection(store); var s = c.createStatement(); var rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
