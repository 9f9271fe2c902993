package dev.agentcron.store;

import static dev.agentcron.testing.ScheduleBuilder.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentcron.domain.ApiKeyRecord;
import dev.agentcron.domain.AuditEntry;
import dev.agentcron.domain.Buckets;
import dev.agentcron.domain.FirePlan;
import dev.agentcron.domain.JsonDocument;
import dev.agentcron.domain.LastRun;
import dev.agentcron.domain.OverlapPolicy;
import dev.agentcron.domain.Principal;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunFilter;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.RunOutcome;
import dev.agentcron.domain.RunSource;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.RunSummary;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.domain.ScheduleQuery;
import dev.agentcron.domain.ScheduleState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's contract, one group per {@link Store} method. Each dialect's test supplies a fresh store and a
 * plain connection to its database; every group runs against both, with the JVM in a non-UTC zone (and, for
 * PostgreSQL, the server in yet another).
 */
abstract class StoreContract {

    private static final Instant DUE = Instant.parse("2030-01-01T09:00:00Z");
    private static final Principal ALICE = new Principal("alice");

    @TempDir
    Path dir;

    protected Store store;
    private TimeZone zone;

    /** A new, empty store of the dialect under test, in {@code dir} where it keeps files. */
    protected abstract Store newStore(Path dir);

    /** A plain connection to the database under test, to count rows the store does not report. */
    protected abstract Connection connect() throws SQLException;

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

    /** The fire of {@code s}'s next occurrence as the engine would plan it, its run named {@code runId}. */
    private static Store.Fire fire(Schedule s, String runId, Instant next) {
        FirePlan plan = new FirePlan(List.of(s.nextFireAt()), null, next, 0);
        return new Store.Fire(s, s.advancedTo(next), plan.runs(s, List.of(new RunId(runId)), false, s.nextFireAt()));
    }

    private static Store.Fire fire(Schedule s, String runId) {
        return fire(s, runId, null);
    }

    private Schedule saved(Schedule s) {
        store.insertSchedule(s, null);
        return s;
    }

    /** A one-time schedule whose run "run-1" finished with callback "cb-1" in the outbox, due at once. */
    private Schedule finishedWithACallback() {
        Schedule s = saved(aSchedule().at(DUE).build());
        firedRun(s, "run-1");
        store.finishRuns(List.of(new Store.Finish(end("run-1", s, RunState.SUCCEEDED, null, null).end(),
                new CallbackRecord("cb-1", new RunId("run-1"), "https://example.com", "{}", 0, DUE))), DUE);
        return s;
    }

    private Run firedRun(Schedule s, String runId) {
        store.recordFires(List.of(fire(s, runId)), Claim.ALL);
        return store.findRun(new RunId(runId)).orElseThrow();
    }

    private static Store.Finish end(String runId, Schedule s, RunState state, String error, Integer autoPauseAfter) {
        return new Store.Finish(new Store.RunEnd(new RunId(runId), s.id(), 1, "{\"ok\":1}",
                new RunOutcome(state, DUE, error, autoPauseAfter, true)), null);
    }

    private static Run adHoc(String id, Instant createdAt) {
        return Run.adHoc(ALICE, new RunId(id), JsonDocument.of(JsonNodeFactory.instance.objectNode().put("prompt", "p")), createdAt);
    }

    private long count(String query) {
        try (Connection c = connect(); var s = c.createStatement(); var rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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
            store.insertSchedule(first, new IdempotencyRecord(first.owner(), "k", "h", first.id(), DUE));

            assertThatThrownBy(() -> store.insertSchedule(second, new IdempotencyRecord(first.owner(), "k", "h", second.id(), DUE)))
                    .isInstanceOf(StoreException.class);

            assertThat(store.findSchedule(second.id())).isEmpty();
            assertThat(store.findIdempotency(first.owner(), "k")).hasValueSatisfying(r -> assertThat(r.scheduleId()).isEqualTo(first.id()));
        }
    }

    @Nested
    class InsertSchedules {

        @Test
        void insertsAllInOneGo() {
            List<Schedule> many = List.of(aSchedule().id("m1").build(), aSchedule().id("m2").build(), aSchedule().id("m3").build());

            store.insertSchedules(many);

            assertThat(many).allSatisfy(s -> assertThat(store.findSchedule(s.id())).contains(s));
        }
    }

    @Nested
    class FindSchedule {

        @Test
        void findsNothingForAnUnknownId() {
            assertThat(store.findSchedule(new ScheduleId("nope"))).isEmpty();
        }
    }

    @Nested
    class ListSchedules {

        @Test
        void pagesInIdOrderForOneOwnerAndAgentAndHidesDeletedAndDone() {
            saved(aSchedule().id("a1").build());
            saved(aSchedule().id("a2").build());
            saved(aSchedule().id("a3").build());
            saved(aSchedule().id("a4").owner("bob").build());
            saved(aSchedule().id("a5").agent("agent-2").build());
            store.deleteSchedule(new ScheduleId("a2"), DUE);

            List<Schedule> page = store.listSchedules(Set.of(ALICE), "agent-1", "a1", 10);

            assertThat(page).extracting(s -> s.id().value()).containsExactly("a3");
        }
    }

    @Nested
    class QuerySchedules {

        private ScheduleQuery query(String text, ScheduleKind kind, ScheduleState state, RunState lastRunState, ScheduleQuery.After after) {
            return new ScheduleQuery(Set.of(ALICE), text, kind, state, null, lastRunState, after, 10);
        }

        @Test
        void listsBothKindsSoonestFirstPausedLastAndPagesByKeyset() {
            saved(aSchedule().id("q-late").cron("0 9 * * *").nextFireAt(DUE.plusSeconds(60)).build());
            saved(aSchedule().id("q-soon").agentRun().name("Nightly").cron("0 9 * * *").nextFireAt(DUE).build());
            Schedule paused = saved(aSchedule().id("q-paused").cron("0 9 * * *").build());
            store.updateSchedule(paused.withState(ScheduleState.PAUSED, null, ALICE, DUE));
            saved(aSchedule().id("q-bob").owner("bob").cron("0 9 * * *").nextFireAt(DUE).build());

            List<Schedule> all = store.querySchedules(query(null, null, null, null, null));
            List<Schedule> afterFirst = store.querySchedules(query(null, null, null, null, ScheduleQuery.After.of(all.getFirst())));

            assertThat(all).extracting(s -> s.id().value()).containsExactly("q-soon", "q-late", "q-paused");
            assertThat(afterFirst).extracting(s -> s.id().value()).containsExactly("q-late", "q-paused");
            assertThat(store.querySchedules(query("nIGHT", null, null, null, null))).extracting(s -> s.id().value()).containsExactly("q-soon");
            assertThat(store.querySchedules(query("hello from q-late", null, null, null, null))).hasSize(1);
            assertThat(store.querySchedules(query("50%_off", null, null, null, null))).isEmpty();
            assertThat(store.querySchedules(query(null, ScheduleKind.LETTA_MESSAGE, ScheduleState.ACTIVE, null, null)))
                    .extracting(s -> s.id().value()).containsExactly("q-late");
        }

        @Test
        void filtersByTheStateOfTheLastRun() {
            Schedule s = saved(aSchedule().id("q-ran").cron("* * * * *").nextFireAt(DUE).build());
            saved(aSchedule().id("q-never").cron("* * * * *").nextFireAt(DUE).build());
            store.recordFires(List.of(fire(s, "run-1", DUE.plusSeconds(60))), Claim.ALL);

            assertThat(store.querySchedules(query(null, null, null, RunState.PENDING, null))).extracting(x -> x.id().value())
                    .containsExactly("q-ran");
            assertThat(store.querySchedules(query(null, null, null, RunState.FAILED, null))).isEmpty();
        }
    }

    @Nested
    class ListSchedulesByName {

        @Test
        void listsByNameIgnoringCaseThenById() {
            saved(aSchedule().agentRun().id("s3").name("beta").build());
            saved(aSchedule().agentRun().id("s2").name("alpha").build());
            saved(aSchedule().agentRun().id("s1").name("Alpha").build());
            saved(aSchedule().id("s0").name("aaa").build());

            assertThat(store.listSchedulesByName(Set.of(ALICE), ScheduleKind.AGENT_RUN))
                    .extracting(x -> x.id().value()).containsExactly("s1", "s2", "s3");
        }
    }

    @Nested
    class UpdateSchedule {

        @Test
        void replacesTheFieldsOnlyFromTheVersionItRead() {
            Schedule s = saved(aSchedule().agentRun().name("old").cron("0 9 * * *").build());
            Schedule renamed = s.edited("new", s.trigger(), s.payload(), s.policies()).withState(ScheduleState.PAUSED, null, ALICE, DUE);

            boolean first = store.updateSchedule(renamed);
            boolean stale = store.updateSchedule(renamed);

            assertThat(first).isTrue();
            assertThat(stale).isFalse();
            Schedule stored = store.findSchedule(s.id()).orElseThrow();
            assertThat(stored.name()).isEqualTo("new");
            assertThat(stored.state()).isEqualTo(ScheduleState.PAUSED);
            assertThat(stored.nextFireAt()).isNull();
            assertThat(stored.version()).isEqualTo(s.version() + 1);
        }
    }

    @Nested
    class DeleteSchedule {

        @Test
        void hidesTheScheduleOnceAndKeepsItsRuns() {
            Schedule s = saved(aSchedule().at(DUE).build());
            firedRun(s, "run-1");
            Schedule recurring = saved(aSchedule().cron("* * * * *").build());

            assertThat(store.deleteSchedule(recurring.id(), DUE)).isTrue();
            assertThat(store.deleteSchedule(recurring.id(), DUE)).isFalse();
            assertThat(store.findSchedule(recurring.id())).hasValueSatisfying(x -> assertThat(x.state()).isEqualTo(ScheduleState.DELETED));
            assertThat(store.findDue(DUE.plusSeconds(3600), 10, Claim.ALL)).isEmpty();
            assertThat(store.findRun(new RunId("run-1"))).isPresent();
        }
    }

    @Nested
    class FindDue {

        @Test
        void findsOnlyWhatIsDueInTheClaimedBuckets() {
            Schedule early = saved(aSchedule().at(DUE).build());
            saved(aSchedule().at(DUE.plusSeconds(60)).build());

            List<Schedule> all = store.findDue(DUE.plusSeconds(1), 10, Claim.ALL);
            List<Schedule> mine = store.findDue(DUE.plusSeconds(1), 10, new Claim("n1", Map.of(Buckets.of(early), 1L)));
            List<Schedule> others = store.findDue(DUE.plusSeconds(1), 10,
                    new Claim("n1", Map.of((Buckets.of(early) + 1) % Buckets.COUNT, 1L)));

            assertThat(all).containsExactly(early);
            assertThat(mine).extracting(Schedule::id).containsExactly(early.id());
            assertThat(others).isEmpty();
        }
    }

    @Nested
    class FindBusySchedules {

        @Test
        void namesTheSchedulesWithARunUnfinished() {
            Schedule busy = saved(aSchedule().agentRun().cron("* * * * *").nextFireAt(DUE).build());
            Schedule done = saved(aSchedule().agentRun().cron("* * * * *").nextFireAt(DUE).build());
            Schedule idle = saved(aSchedule().agentRun().cron("* * * * *").nextFireAt(DUE).build());
            store.recordFires(List.of(fire(busy, "run-busy", DUE.plusSeconds(60)), fire(done, "run-done", DUE.plusSeconds(60))), Claim.ALL);
            store.finishRuns(List.of(end("run-done", done, RunState.SUCCEEDED, null, null)), DUE);

            assertThat(store.findBusySchedules(List.of(busy.id(), done.id(), idle.id()))).containsExactly(busy.id());
            assertThat(store.findBusySchedules(List.of())).isEmpty();
        }
    }

    @Nested
    class RecordFires {

        @Test
        void writesTheRunAndMovesTheScheduleInOneStep() {
            Schedule s = saved(aSchedule().at(DUE).build());

            List<Store.Fired> fired = store.recordFires(List.of(fire(s, "run-1")), Claim.ALL);

            assertThat(fired).singleElement().satisfies(f -> assertThat(f.runs().getFirst().state()).isEqualTo(RunState.PENDING));
            assertThat(store.findSchedule(s.id()).orElseThrow().state()).isEqualTo(ScheduleState.DONE);
            assertThat(store.findUnfinishedRuns(10, Claim.ALL)).extracting(r -> r.id().value()).containsExactly("run-1");
        }

        @Test
        void writesFinishedRunsAsTheyAreToldAndLeavesThemOutOfTheUnfinished() {
            Schedule s = saved(aSchedule().agentRun().overlap(OverlapPolicy.SKIP).cron("* * * * *").nextFireAt(DUE).build());
            FirePlan plan = new FirePlan(List.of(DUE), DUE.minusSeconds(60), DUE.plusSeconds(60), 0);
            List<Run> runs = plan.runs(s, List.of(new RunId("run-skipped"), new RunId("run-missed")), true, DUE);

            store.recordFires(List.of(new Store.Fire(s, s.advancedTo(DUE.plusSeconds(60)), runs)), Claim.ALL);

            assertThat(store.listRuns(s.id(), 0, 10)).extracting(Run::state).containsExactly(RunState.SKIPPED, RunState.MISSED);
            assertThat(store.findUnfinishedRuns(10, Claim.ALL)).isEmpty();
        }

        @Test
        void neverWritesASecondRunForOneOccurrence() {
            Schedule s = saved(aSchedule().cron("* * * * *").nextFireAt(DUE).build());
            store.recordFires(List.of(fire(s, "run-1", DUE.plusSeconds(60))), Claim.ALL);

            // A stale copy fires the same occurrence again: the version fence stops it.
            List<Store.Fired> again = store.recordFires(List.of(fire(s, "run-2", DUE.plusSeconds(60))), Claim.ALL);

            assertThat(again).isEmpty();
            assertThat(store.listRuns(s.id(), 0, 10)).extracting(r -> r.id().value()).containsExactly("run-1");
        }

        @Test
        void inAGroupOnlyTheStaleFireIsLeftOutAndEachRunGoesWithItsOwnSchedule() {
            Schedule first = saved(aSchedule().id("s-1").cron("* * * * *").nextFireAt(DUE).build());
            Schedule stale = saved(aSchedule().id("s-2").cron("* * * * *").nextFireAt(DUE).build());
            Schedule last = saved(aSchedule().id("s-3").cron("* * * * *").nextFireAt(DUE).build());
            store.recordFires(List.of(fire(stale, "run-2a", DUE.plusSeconds(60))), Claim.ALL);

            List<Store.Fired> fired = store.recordFires(List.of(fire(first, "run-1", DUE.plusSeconds(60)),
                    fire(stale, "run-2b", DUE.plusSeconds(60)), fire(last, "run-3", DUE.plusSeconds(60))), Claim.ALL);

            assertThat(fired).extracting(f -> f.schedule().id().value() + ":" + f.runs().getFirst().id().value())
                    .containsExactly("s-1:run-1", "s-3:run-3");
            assertThat(store.listRuns(stale.id(), 0, 10)).extracting(r -> r.id().value()).containsExactly("run-2a");
            assertThat(store.findUnfinishedRuns(10, Claim.ALL)).extracting(r -> r.id().value())
                    .containsExactlyInAnyOrder("run-1", "run-2a", "run-3");
        }

        @Test
        void theUniqueOccurrenceKeyHoldsEvenWhenTheFenceIsPassed() {
            Schedule s = saved(aSchedule().cron("* * * * *").nextFireAt(DUE).build());
            Schedule advanced = store.recordFires(List.of(fire(s, "run-1", DUE.plusSeconds(60))), Claim.ALL).getFirst().schedule();

            // Same occurrence again from the current version (a bug would do this): the database refuses.
            FirePlan plan = new FirePlan(List.of(DUE), null, DUE.plusSeconds(120), 0);
            List<Store.Fired> again = store.recordFires(List.of(new Store.Fire(advanced, advanced.advancedTo(DUE.plusSeconds(120)),
                    plan.runs(advanced, List.of(new RunId("run-2")), false, DUE))), Claim.ALL);

            assertThat(again).singleElement().satisfies(f -> assertThat(f.runs()).isEmpty());
            assertThat(store.listRuns(s.id(), 0, 10)).hasSize(1);
        }
    }

    @Nested
    class InsertRun {

        @Test
        void writesARunOutsideTheCadenceAsUnfinished() {
            Schedule s = saved(aSchedule().agentRun().build());

            store.insertRun(Run.manual(s, new RunId("run-now"), DUE));
            store.insertRun(adHoc("run-api", DUE));

            assertThat(store.findUnfinishedRuns(10, Claim.ALL)).extracting(r -> r.id().value()).containsExactlyInAnyOrder("run-now", "run-api");
            assertThat(store.findBusySchedules(List.of(s.id()))).containsExactly(s.id());
        }
    }

    @Nested
    class FindRun {

        @Test
        void readsBackEveryFieldOfARun() {
            Run run = adHoc("run-1", DUE);
            store.insertRun(run);

            assertThat(store.findRun(run.id())).contains(run);
            assertThat(store.findRun(new RunId("nope"))).isEmpty();
        }
    }

    @Nested
    class FindUnfinishedRuns {

        @Test
        void findsTheUnfinishedRunsOfTheClaimedBucketsOldestFirst() {
            Schedule a = saved(aSchedule().id("in-a").at(DUE).build());
            String otherBucket = IntStream.range(0, 100).mapToObj(i -> "in-b" + i)
                    .filter(id -> Buckets.of(id) != Buckets.of(a)).findFirst().orElseThrow();
            Schedule b = saved(aSchedule().id(otherBucket).at(DUE.plusSeconds(1)).build());
            firedRun(a, "run-a");
            firedRun(b, "run-b");

            assertThat(store.findUnfinishedRuns(10, Claim.ALL)).extracting(r -> r.id().value()).containsExactly("run-a", "run-b");
            assertThat(store.findUnfinishedRuns(10, new Claim("n1", Map.of(Buckets.of(b), 1L))))
                    .extracting(r -> r.id().value()).containsExactly("run-b");
        }
    }

    @Nested
    class StartAttempt {

        @Test
        void marksTheRunRunningKeepingItsFirstStartAndRefusesAFinishedOne() {
            Schedule s = saved(aSchedule().at(DUE).build());
            firedRun(s, "run-1");

            assertThat(store.startAttempt(new RunId("run-1"), 1, DUE.plusMillis(5))).isTrue();
            assertThat(store.startAttempt(new RunId("run-1"), 2, DUE.plusSeconds(5))).isTrue();
            store.cancelRun(new RunId("run-1"), "stop", DUE.plusSeconds(6));
            assertThat(store.startAttempt(new RunId("run-1"), 3, DUE.plusSeconds(7))).isFalse();

            assertThat(store.findRun(new RunId("run-1"))).hasValueSatisfying(run -> {
                assertThat(run.attempt()).isEqualTo(2);
                assertThat(run.times().startedAt()).isEqualTo(DUE.plusMillis(5));
                assertThat(run.state()).isEqualTo(RunState.CANCELLED);
            });
        }
    }

    @Nested
    class NoteRetry {

        @Test
        void keepsWhyTheLastAttemptFailedWhileTheRunWaits() {
            Schedule s = saved(aSchedule().at(DUE).build());
            firedRun(s, "run-1");

            store.noteRetry(new RunId("run-1"), "503 from the agent", DUE.plusSeconds(1));

            assertThat(store.findRun(new RunId("run-1"))).hasValueSatisfying(run -> {
                assertThat(run.error()).isEqualTo("503 from the agent");
                assertThat(run.state()).isEqualTo(RunState.PENDING);
            });
        }
    }

    @Nested
    class FinishRuns {

        @Test
        void finishesOnceAndPutsTheCallbackInTheOutboxWithIt() {
            Schedule s = saved(aSchedule().at(DUE).build());
            firedRun(s, "run-1");
            CallbackRecord callback = new CallbackRecord("cb-1", new RunId("run-1"), "https://example.com", "{}", 0, DUE);
            Store.RunEnd success = new Store.RunEnd(new RunId("run-1"), s.id(), 1, "{\"ok\":1}",
                    new RunOutcome(RunState.SUCCEEDED, DUE, null, null, true));
            Store.RunEnd late = new Store.RunEnd(new RunId("run-1"), s.id(), 2, null, new RunOutcome(RunState.FAILED, DUE, "late", null, true));

            List<Store.Ended> finished = store.finishRuns(List.of(new Store.Finish(success, callback), new Store.Finish(late, callback)), DUE);

            assertThat(finished).containsExactly(new Store.Ended(true, null), new Store.Ended(false, null));
            assertThat(store.findRun(new RunId("run-1"))).hasValueSatisfying(run -> {
                assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
                assertThat(run.attempt()).isEqualTo(1);
                assertThat(run.times().startedAt()).isEqualTo(DUE);
                assertThat(run.response()).isEqualTo("{\"ok\":1}");
                assertThat(run.callback().state()).isEqualTo("pending");
            });
            assertThat(store.findPendingCallbacks(10, Claim.ALL)).extracting(CallbackRecord::id).containsExactly("cb-1");
            assertThat(store.findUnfinishedRuns(10, Claim.ALL)).isEmpty();
            assertThat(store.findSchedule(s.id()).orElseThrow().lastRun().ranAt()).isEqualTo(DUE);
        }

        @Test
        void inAGroupARunFinishedBeforeIsLeftAsItWasAndTheOthersAreWritten() {
            Schedule a = saved(aSchedule().id("s-a").at(DUE).build());
            Schedule b = saved(aSchedule().id("s-b").at(DUE).build());
            Schedule c = saved(aSchedule().id("s-c").at(DUE).build());
            firedRun(a, "run-a");
            firedRun(b, "run-b");
            firedRun(c, "run-c");
            store.finishRuns(List.of(end("run-b", b, RunState.FAILED, "first", null)), DUE);

            List<Store.Ended> ended = store.finishRuns(List.of(end("run-a", a, RunState.SUCCEEDED, null, null),
                    end("run-b", b, RunState.SUCCEEDED, null, null), end("run-c", c, RunState.SUCCEEDED, null, null)), DUE);

            assertThat(ended).extracting(Store.Ended::finished).containsExactly(true, false, true);
            assertThat(store.findRun(new RunId("run-b")).orElseThrow().error()).isEqualTo("first");
            assertThat(store.findRun(new RunId("run-c")).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(store.findUnfinishedRuns(10, Claim.ALL)).isEmpty();
        }

        @Test
        void writesAGroupOfLongAnswersWholeWhateverTheirTotal() {
            List<Store.Finish> ends = new ArrayList<>();
            for (String name : List.of("x", "y", "z")) {
                Schedule s = saved(aSchedule().id("s-" + name).at(DUE).build());
                firedRun(s, "run-" + name);
                String answer = "{\"answer\":\"" + name.repeat(3 << 20) + "\"}"; // 3 groups of 3M characters: more than one statement's worth
                ends.add(new Store.Finish(new Store.RunEnd(new RunId("run-" + name), s.id(), 1, answer,
                        new RunOutcome(RunState.SUCCEEDED, DUE, null, null, true)), null));
            }

            assertThat(store.finishRuns(ends, DUE)).extracting(Store.Ended::finished).containsExactly(true, true, true);
            for (String name : List.of("x", "y", "z")) {
                assertThat(store.findRun(new RunId("run-" + name)).orElseThrow().response()).hasSize((3 << 20) + 13).contains(name + name);
            }
        }

        @Test
        void appliesEachOutcomeToItsScheduleInOrderAndPausesItWhenTheStreakReachesTheLimit() {
            Schedule s = saved(aSchedule().agentRun().overlap(OverlapPolicy.ALLOW).cron("* * * * *").nextFireAt(DUE).build());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Run run = Run.manual(s, new RunId("run-" + i), DUE.plusSeconds(i));
                store.insertRun(run);
                ids.add(run.id().value());
            }

            store.finishRuns(List.of(end(ids.get(0), s, RunState.ERROR, "no such command", 2)), DUE);
            Schedule afterOne = store.findSchedule(s.id()).orElseThrow();
            List<Store.Ended> ended = store.finishRuns(
                    List.of(end(ids.get(1), s, RunState.FAILED, "exit 1", 2), end(ids.get(2), s, RunState.FAILED, "exit 2", 2)), DUE);
            Schedule paused = store.findSchedule(s.id()).orElseThrow();

            assertThat(afterOne.lastRun()).isEqualTo(new LastRun(null, "no such command", 1, null));
            assertThat(afterOne.state()).isEqualTo(ScheduleState.ACTIVE);
            assertThat(paused.state()).isEqualTo(ScheduleState.PAUSED);
            assertThat(paused.nextFireAt()).isNull();
            assertThat(paused.version()).isEqualTo(s.version() + 1);
            assertThat(paused.lastRun().failuresInARow()).isEqualTo(3);
            assertThat(paused.lastRun().spawnError()).isNull();
            assertThat(paused.lastRun().pausedReason()).isEqualTo("paused after 2 failed runs in a row; the last: exit 1");
            assertThat(ended).extracting(Store.Ended::pausedReason).containsExactly(paused.lastRun().pausedReason(), null);
        }

    }

    @Nested
    class CountSchedulesByState {
        @Test
        void countsSchedulesByState() {
            saved(aSchedule().id("by-1").build());
            Schedule paused = saved(aSchedule().id("by-2").build());
            store.updateSchedule(paused.withState(ScheduleState.PAUSED, null, ALICE, DUE));

            assertThat(store.countSchedulesByState()).containsEntry(ScheduleState.ACTIVE, 1L).containsEntry(ScheduleState.PAUSED, 1L);
        }
    }

    @Nested
    class CancelRun {

        @Test
        void cancelsAnUnfinishedRunOnce() {
            Schedule s = saved(aSchedule().at(DUE).build());
            firedRun(s, "run-1");

            assertThat(store.cancelRun(new RunId("run-1"), "cancelled by alice", DUE.plusSeconds(1))).isTrue();
            assertThat(store.cancelRun(new RunId("run-1"), "again", DUE.plusSeconds(2))).isFalse();

            assertThat(store.findRun(new RunId("run-1"))).hasValueSatisfying(run -> {
                assertThat(run.state()).isEqualTo(RunState.CANCELLED);
                assertThat(run.error()).isEqualTo("cancelled by alice");
                assertThat(run.times().finishedAt()).isEqualTo(DUE.plusSeconds(1));
            });
            assertThat(store.findUnfinishedRuns(10, Claim.ALL)).isEmpty();
        }
    }

    @Nested
    class ListRuns {

        @Test
        void pagesTheRunsOfOneScheduleNewestOccurrenceFirst() {
            Schedule s = saved(aSchedule().cron("* * * * *").nextFireAt(DUE).build());
            Schedule moved = store.recordFires(List.of(fire(s, "run-1", DUE.plusSeconds(60))), Claim.ALL).getFirst().schedule();
            store.recordFires(List.of(fire(moved, "run-2", DUE.plusSeconds(120))), Claim.ALL);

            assertThat(store.listRuns(s.id(), 0, 10)).extracting(r -> r.id().value()).containsExactly("run-2", "run-1");
            assertThat(store.listRuns(s.id(), 1, 10)).extracting(r -> r.id().value()).containsExactly("run-1");
        }
    }

    @Nested
    class QueryRuns {

        private Run run(String id, Schedule s, RunSource source, Instant createdAt) {
            return switch (source) {
                case SCHEDULE -> Run.occurrence(s, new RunId(id), createdAt, RunState.PENDING, null, createdAt);
                case MANUAL -> Run.manual(s, new RunId(id), createdAt);
                case API -> adHoc(id, createdAt);
            };
        }

        @Test
        void filtersBySchedulesStatesSourcesAndTimesAndPagesByKeyset() {
            Schedule s = saved(aSchedule().agentRun().build());
            store.insertRun(run("r1", s, RunSource.SCHEDULE, DUE));
            store.insertRun(run("r2", s, RunSource.MANUAL, DUE.plusSeconds(1)));
            store.insertRun(run("r3", null, RunSource.API, DUE.plusSeconds(2)));
            store.cancelRun(new RunId("r2"), "stop", DUE.plusSeconds(3));

            assertThat(ids(new RunFilter(Set.of(ALICE), null, Set.of(), Set.of(), null, null, null, null, 10))).containsExactly("r3", "r2", "r1");
            assertThat(ids(new RunFilter(Set.of(ALICE), s.id(), Set.of(), Set.of(), null, null, null, null, 10))).containsExactly("r2", "r1");
            assertThat(ids(new RunFilter(Set.of(ALICE), null, Set.of(RunState.CANCELLED), Set.of(), null, null, null, null, 10))).containsExactly("r2");
            assertThat(ids(new RunFilter(Set.of(ALICE), null, Set.of(), Set.of(RunSource.MANUAL, RunSource.API), null, null, null, null, 10)))
                    .containsExactly("r3", "r2");
            assertThat(ids(new RunFilter(Set.of(ALICE), null, Set.of(), Set.of(), DUE, DUE.plusSeconds(2), null, null, 10))).containsExactly("r2");
            assertThat(ids(new RunFilter(Set.of(ALICE), null, Set.of(), Set.of(), null, null, null,
                    new RunFilter.Cursor(DUE.plusSeconds(2), "r3"), 1))).containsExactly("r2");
            assertThat(ids(new RunFilter(Set.of(new Principal("bob")), null, Set.of(), Set.of(), null, null, null, null, 10))).isEmpty();
        }

        @Test
        void filtersByLateness() {
            Schedule s = saved(aSchedule().agentRun().build());
            store.insertRun(Run.occurrence(s, new RunId("on-time"), DUE, RunState.PENDING, null, DUE));
            store.insertRun(Run.occurrence(s, new RunId("late"), DUE.plusSeconds(60), RunState.PENDING, null, DUE.plusSeconds(65)));

            assertThat(ids(new RunFilter(Set.of(ALICE), null, Set.of(), Set.of(), null, null, Duration.ofSeconds(5), null, 10)))
                    .containsExactly("late");
        }

        private List<String> ids(RunFilter filter) {
            return store.queryRuns(filter).stream().map(r -> r.id().value()).toList();
        }
    }

    @Nested
    class SummarizeRuns {

        @Test
        void countsEachEndAndFindsTheLatenessPercentilesOfScheduledRunsByRank() {
            Schedule s = saved(aSchedule().agentRun().build());
            for (int i = 0; i < 100; i++) {
                Instant due = DUE.plusSeconds(i);
                store.insertRun(Run.occurrence(s, new RunId("late-" + i), due, RunState.PENDING, null, due.plusMillis(i)));
            }
            store.insertRun(Run.manual(s, new RunId("by-hand"), DUE.plusSeconds(500)));
            store.cancelRun(new RunId("by-hand"), "stop", DUE.plusSeconds(501));

            RunSummary all = store.summarizeRuns(Set.of(ALICE), DUE);

            assertThat(all.total()).isEqualTo(101);
            assertThat(all.count(RunState.PENDING)).isEqualTo(100);
            assertThat(all.count(RunState.CANCELLED)).isEqualTo(1);
            assertThat(List.of(all.latenessP50(), all.latenessP95(), all.latenessP99()))
                    .containsExactly(Duration.ofMillis(49), Duration.ofMillis(94), Duration.ofMillis(98));
        }

        @Test
        void readsTheStatesOfEachSchedulesLastRunsNewestFirst() {
            Schedule busy = saved(aSchedule().agentRun().build());
            Schedule idle = saved(aSchedule().agentRun().build());
            for (int i = 0; i < 4; i++) {
                Instant due = DUE.plusSeconds(i);
                store.insertRun(Run.occurrence(busy, new RunId("run-" + i), due, i == 2 ? RunState.MISSED : RunState.PENDING, null, due));
            }

            Map<ScheduleId, List<RunState>> recent = store.recentRunStates(List.of(busy.id(), idle.id()), 3);

            assertThat(recent.get(busy.id())).containsExactly(RunState.PENDING, RunState.MISSED, RunState.PENDING);
            assertThat(recent.get(idle.id())).isEmpty();
        }

        @Test
        void looksOnlyAtTheWindowAndTheOwnersRuns() {
            Schedule s = saved(aSchedule().agentRun().build());
            store.insertRun(Run.occurrence(s, new RunId("old"), DUE, RunState.PENDING, null, DUE.plusMillis(900)));
            store.insertRun(Run.occurrence(s, new RunId("new"), DUE.plusSeconds(60), RunState.PENDING, null, DUE.plusSeconds(60).plusMillis(7)));

            RunSummary recent = store.summarizeRuns(Set.of(ALICE), DUE.plusSeconds(30));
            RunSummary others = store.summarizeRuns(Set.of(new Principal("bob")), DUE);

            assertThat(recent.total()).isEqualTo(1);
            assertThat(recent.latenessP99()).isEqualTo(Duration.ofMillis(7));
            assertThat(others.total()).isZero();
            assertThat(others.latenessP50()).isNull();
        }
    }

    @Nested
    class Prune {

        @Test
        void deletesFinishedHistoryOlderThanTheCutInBatchesAndKeepsTheRest() {
            Schedule old = saved(aSchedule().at(DUE).build());
            Schedule recurring = saved(aSchedule().cron("* * * * *").nextFireAt(DUE).build());
            firedRun(old, "run-old");
            store.recordFires(List.of(fire(recurring, "run-open", DUE.plusSeconds(60))), Claim.ALL);
            store.finishRuns(List.of(new Store.Finish(end("run-old", old, RunState.SUCCEEDED, null, null).end(),
                    new CallbackRecord("cb-old", new RunId("run-old"), "https://example.com", "{}", 0, DUE))), DUE);
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

        @Test
        void deletesIdempotencyRecordsOlderThanTheCut() {
            Schedule s = aSchedule().build();
            store.insertSchedule(s, new IdempotencyRecord(ALICE, "k", "h", s.id(), DUE));

            store.prune(DUE.plusSeconds(1), 100, Claim.ALL);

            assertThat(store.findIdempotency(ALICE, "k")).isEmpty();
            assertThat(store.findSchedule(s.id())).isPresent();
        }
    }

    @Nested
    class FindPendingCallbacks {

        @Test
        void findsTheCallbacksNotYetDeliveredOfTheClaimedBuckets() {
            Schedule s = finishedWithACallback();

            assertThat(store.findPendingCallbacks(10, new Claim("n1", Map.of(Buckets.of(s), 1L))))
                    .singleElement().satisfies(c -> {
                        assertThat(c.url()).isEqualTo("https://example.com");
                        assertThat(c.nextAttemptAt()).isEqualTo(DUE);
                    });
            assertThat(store.findPendingCallbacks(10, new Claim("n1", Map.of((Buckets.of(s) + 1) % Buckets.COUNT, 1L)))).isEmpty();
        }
    }

    @Nested
    class RecordCallbackAttempt {

        @Test
        void recordsEachAttemptOnTheRunsCallback() {
            finishedWithACallback();

            store.recordCallbackAttempt(new CallbackAttempt("cb-1", "pending", 1, 503, "callback answered 503", DUE.plusSeconds(2), null));
            assertThat(store.findPendingCallbacks(10, Claim.ALL)).singleElement()
                    .satisfies(c -> assertThat(c.attempts()).isEqualTo(1));
            store.recordCallbackAttempt(new CallbackAttempt("cb-1", "delivered", 2, 200, null, null, DUE.plusSeconds(2)));

            assertThat(store.findPendingCallbacks(10, Claim.ALL)).isEmpty();
            assertThat(store.findRun(new RunId("run-1")).orElseThrow().callback())
                    .isEqualTo(new Run.CallbackStatus("delivered", 2, 200, null, DUE.plusSeconds(2)));
        }

        @Test
        void putsAnEndedCallbackBackWithAFreshBudgetButNotOneStillWaiting() {
            finishedWithACallback();

            assertThat(store.requeueCallback(new RunId("run-1"), DUE)).as("still waiting").isEmpty();
            store.recordCallbackAttempt(new CallbackAttempt("cb-1", "failed", 8, 400, "callback answered 400", null, null));
            Optional<CallbackRecord> queued = store.requeueCallback(new RunId("run-1"), DUE.plusSeconds(60));

            assertThat(queued).contains(new CallbackRecord("cb-1", new RunId("run-1"), "https://example.com", "{}", 0, DUE.plusSeconds(60)));
            assertThat(store.findRun(new RunId("run-1")).orElseThrow().callback())
                    .isEqualTo(new Run.CallbackStatus("pending", 0, null, null, null));
            assertThat(store.requeueCallback(new RunId("no-such-run"), DUE)).isEmpty();
        }
    }

    @Nested
    class ApiKeys {

        private final ApiKeyRecord key = new ApiKeyRecord("key-1", "alice", "ci", "hash-1", "editor", "team:data", "research-*", DUE,
                DUE.plusSeconds(3600), null, null);

        @Test
        void storesKeysByHashAndCountsTheLiveOnes() {
            store.insertApiKey(key);
            store.insertApiKey(new ApiKeyRecord("key-2", "bob", "dup", "hash-1", "admin", "", "", DUE, null, null, null));

            assertThat(store.findApiKeyByHash("hash-1")).contains(key);
            assertThat(store.findApiKeyByHash("hash-2")).isEmpty();
            assertThat(store.countApiKeys()).isEqualTo(1);
            assertThat(store.listApiKeys()).containsExactly(key);
        }

        @Test
        void revokesAKeyOnceAndNotesItsLastUse() {
            store.insertApiKey(key);

            store.touchApiKey("key-1", DUE.plusSeconds(5));
            assertThat(store.revokeApiKey("key-1", DUE.plusSeconds(10))).isTrue();
            assertThat(store.revokeApiKey("key-1", DUE.plusSeconds(20))).isFalse();

            assertThat(store.findApiKeyByHash("hash-1")).hasValueSatisfying(k -> {
                assertThat(k.lastUsedAt()).isEqualTo(DUE.plusSeconds(5));
                assertThat(k.revokedAt()).isEqualTo(DUE.plusSeconds(10));
            });
            assertThat(store.countApiKeys()).isZero();
        }
    }

    @Nested
    class Audit {

        @Test
        void listsEntriesNewestFirstAndPagesByKeyset() {
            AuditEntry first = new AuditEntry("a-1", DUE, "alice", "key-1", "schedule.create", "sch-1", "letta_message owned by alice");
            AuditEntry second = new AuditEntry("a-2", DUE.plusSeconds(1), "bob", "key-2", "key.revoke", "key-1", null);
            store.insertAudit(first);
            store.insertAudit(second);

            assertThat(store.listAudit(null, 10)).containsExactly(second, first);
            assertThat(store.listAudit(second, 10)).containsExactly(first);
        }
    }

    @Nested
    class CountSchedules {

        @Test
        void countsTheVisibleSchedulesOfOneOwner() {
            saved(aSchedule().id("c1").build());
            saved(aSchedule().id("c2").build());
            saved(aSchedule().id("c3").owner("bob").build());
            store.deleteSchedule(new ScheduleId("c2"), DUE);

            assertThat(store.countSchedules(ALICE)).isEqualTo(1);
        }
    }

    @Nested
    class FindIdempotency {

        @Test
        void findsTheRecordOfOneOwnerOnly() {
            Schedule s = aSchedule().build();
            store.insertSchedule(s, new IdempotencyRecord(ALICE, "k", "h", s.id(), DUE));

            assertThat(store.findIdempotency(ALICE, "k")).contains(new IdempotencyRecord(ALICE, "k", "h", s.id(), DUE));
            assertThat(store.findIdempotency(new Principal("bob"), "k")).isEmpty();
        }
    }

    @Nested
    class Settings {

        @Test
        void keepsTheFirstValueOfASetting() {
            assertThat(store.insertSettingIfAbsent("s", "one")).isEqualTo("one");
            assertThat(store.insertSettingIfAbsent("s", "two")).isEqualTo("one");
            assertThat(store.findSetting("s")).contains("one");
            assertThat(store.findSetting("other")).isEmpty();
        }
    }

    @Nested
    class AnnounceAndListen {

        @Test
        void aListenerCanBeClosedWhateverTheStoreShares() throws Exception {
            AutoCloseable listening = store.listen(message -> {});

            store.announce("n1 sched-1");

            listening.close();
        }
    }
}
