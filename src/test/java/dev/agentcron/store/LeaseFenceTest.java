package dev.agentcron.store;

import static dev.agentcron.testing.ScheduleBuilder.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.agentcron.api.Json;
import dev.agentcron.domain.Buckets;
import dev.agentcron.domain.FirePlan;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.Schedule;
import dev.agentcron.testing.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fence holds at commit: a node frozen inside its fire transaction, between its lease check and its
 * commit, commits nothing once it has lost the lease, and the node that takes the bucket fires the occurrence
 * within the lease time and one renewal. Two stores on one PostgreSQL stand for two nodes; the freeze is a
 * latch at the one place it matters.
 */
class LeaseFenceTest {

    private static final Duration TTL = Duration.ofSeconds(2);
    private static final Instant DUE = Instant.parse("2030-01-01T09:00:00Z");

    private String url;
    private Database a;
    private Database b;
    private final ExecutorService frozenNode = Executors.newSingleThreadExecutor();
    private final CountDownLatch thaw = new CountDownLatch(1);

    @BeforeEach
    void open() {
        url = PostgresServer.newDatabase();
        a = Databases.openPostgres(url, "postgres", null, 2, TTL, Json.mapper());
        b = Databases.openPostgres(url, "postgres", null, 2, TTL, Json.mapper());
    }

    @AfterEach
    void close() {
        thaw.countDown();
        frozenNode.shutdownNow();
        a.close();
        b.close();
    }

    private static Store.Fire fire(Schedule s, String runId) {
        FirePlan plan = new FirePlan(List.of(s.nextFireAt()), null, null, 0);
        List<Run> runs = plan.runs(s, List.of(new RunId(runId)), false, s.nextFireAt());
        return new Store.Fire(s, s.advancedTo(null), runs);
    }

    @Test
    void aNodeFrozenBetweenItsLeaseCheckAndItsCommitCommitsNothingAfterLosingTheLease() throws Exception {
        Schedule s = aSchedule().at(DUE).build();
        a.store().insertSchedule(s, null);
        Claim claimA = new Claim("a", a.leases().orElseThrow().tick("a", TTL).held());
        CountDownLatch frozen = new CountDownLatch(1);
        ((SqlStore) a.store()).beforeLeaseConfirm(() -> {
            frozen.countDown();
            try {
                thaw.await(60, TimeUnit.SECONDS); // SIGSTOP, as far as the database can tell
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        Future<List<Store.Fired>> stale = frozenNode.submit(() -> a.store().recordFires(List.of(fire(s, "run-a")), claimA));
        assertThat(frozen.await(30, TimeUnit.SECONDS)).isTrue();
        long frozenAt = System.nanoTime();
        AtomicReference<Claim> claimB = new AtomicReference<>();
        await().atMost(TTL.multipliedBy(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            claimB.set(new Claim("b", b.leases().orElseThrow().tick("b", TTL).held()));
            return claimB.get().covers(Buckets.of(s));
        });
        Duration takeover = Duration.ofNanos(System.nanoTime() - frozenAt);
        List<Store.Fired> owner = b.store().recordFires(List.of(fire(s, "run-b")), claimB.get());
        thaw.countDown();

        assertThatThrownBy(stale::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StoreException.class);
        assertThat(owner).singleElement().satisfies(f -> assertThat(f.runs()).extracting(r -> r.id().value()).containsExactly("run-b"));
        assertThat(firedBy()).containsExactly("b");
        assertThat(claimB.get().epochs().get(Buckets.of(s))).isGreaterThan(claimA.epochs().get(Buckets.of(s)));
        assertThat(takeover).as("the bucket moved within the lease time and one renewal").isLessThan(TTL.plus(TTL.dividedBy(2)));
    }

    @Test
    void aFireThatConfirmsItsLeasesCommits() throws SQLException {
        Schedule s = aSchedule().at(DUE).build();
        a.store().insertSchedule(s, null);
        Claim claimA = new Claim("a", a.leases().orElseThrow().tick("a", TTL).held());

        List<Store.Fired> fired = a.store().recordFires(List.of(fire(s, "run-a")), claimA);

        assertThat(fired).singleElement().satisfies(f -> assertThat(f.runs()).hasSize(1));
        assertThat(firedBy()).containsExactly("a");
    }

    private List<String> firedBy() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT fired_by FROM runs ORDER BY fired_by")) {
            List<String> nodes = new java.util.ArrayList<>();
            while (rs.next()) {
                nodes.add(rs.getString(1));
            }
            return nodes;
        }
    }
}
