package dev.agentcron.cluster;

import static dev.agentcron.testing.ScheduleBuilder.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.api.Json;
import dev.agentcron.domain.Buckets;
import dev.agentcron.domain.FirePlan;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.Schedule;
import dev.agentcron.store.Claim;
import dev.agentcron.store.Database;
import dev.agentcron.store.Databases;
import dev.agentcron.store.Leases;
import dev.agentcron.store.Store;
import dev.agentcron.testing.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bucket leases and the fence, on a real PostgreSQL. */
class LeasesTest {

    private static final Duration TTL = Duration.ofSeconds(10);

    private String url;
    private Store store;
    private Leases leases;

    @BeforeEach
    void open() {
        url = PostgresServer.newDatabase();
        Database database = Databases.openPostgres(url, "postgres", null, 4, TTL, Json.mapper());
        store = database.store();
        leases = database.leases().orElseThrow();
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** What a dead node leaves: leases the database clock says have run out. */
    private void expireLeasesOf(String node) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE bucket_leases SET expires_at = now() - interval '1 second' WHERE owner = '" + node + "'");
            s.executeUpdate("UPDATE nodes SET heartbeat_at = now() - interval '1 hour' WHERE id = '" + node + "'");
        }
    }

    @Test
    void aLoneNodeTakesEveryBucket() {
        Leases.Tick tick = leases.tick("a", TTL);

        assertThat(tick.held()).hasSize(Buckets.COUNT);
        assertThat(tick.liveNodes()).isEqualTo(1);
        assertThat(tick.databaseNow()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(5, java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void twoNodesShareTheBucketsAfterAFewTicks() {
        leases.tick("a", TTL);

        leases.tick("b", TTL); // b is live now, but every bucket is a's
        Leases.Tick a = leases.tick("a", TTL); // a gives back what is above its share
        Leases.Tick b = leases.tick("b", TTL); // b takes it

        assertThat(a.held()).hasSize(Buckets.COUNT / 2);
        assertThat(b.held()).hasSize(Buckets.COUNT / 2);
        assertThat(a.held().keySet()).doesNotContainAnyElementsOf(b.held().keySet());
    }

    @Test
    void theBucketsOfADeadNodeMoveWithANewEpochThatFencesTheOldHolder() throws SQLException {
        Schedule s = aSchedule().at(Instant.parse("2030-01-01T09:00:00Z")).build();
        store.insertSchedule(s, null);
        Claim a = new Claim("a", leases.tick("a", TTL).held());
        expireLeasesOf("a");

        Claim b = new Claim("b", leases.tick("b", TTL).held());
        FirePlan plan = new FirePlan(List.of(s.nextFireAt()), null, null, 0);
        var stale = store.recordFires(List.of(new Store.Fire(s, s.advancedTo(null),
                plan.runs(s, List.of(new RunId("run-late")), false, s.nextFireAt()))), a);
        var current = store.recordFires(List.of(new Store.Fire(s, s.advancedTo(null),
                plan.runs(s, List.of(new RunId("run-owner")), false, s.nextFireAt()))), b);

        assertThat(b.epochs().get(Buckets.of(s))).isGreaterThan(a.epochs().get(Buckets.of(s)));
        assertThat(stale).isEmpty();
        assertThat(current).singleElement().satisfies(f -> assertThat(f.runs().getFirst().id().value()).isEqualTo("run-owner"));
    }

    @Test
    void aNodeThatStopsGivesItsBucketsBackAtOnce() {
        leases.tick("a", TTL);
        leases.tick("b", TTL);

        leases.release("a");
        Leases.Tick b = leases.tick("b", TTL);

        assertThat(b.held()).hasSize(Buckets.COUNT);
        assertThat(b.liveNodes()).isEqualTo(1);
    }
}
