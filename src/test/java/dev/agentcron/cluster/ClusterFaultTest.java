package dev.agentcron.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.agentcron.testing.Api;
import dev.agentcron.testing.Cluster;
import dev.agentcron.testing.FakeLetta;
import dev.agentcron.testing.PostgresServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos with real processes on a real PostgreSQL: nodes killed, frozen past their leases, and the database
 * restarted while schedules fire. Each test asserts the invariants, not timings: every due occurrence has
 * exactly one run row, none is missing, and an occurrence delivered more than once was delivered under one
 * run id every time. What the failover took is printed.
 */
class ClusterFaultTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** Seconds from now to the first occurrence: creating 1,200 one-time messages over HTTP must finish first, on a busy 2-core machine too. */
    private static final long CREATION_LEAD = 12;

    /** Creates {@code count} one-time messages due evenly over [{@code from}, {@code from + span}), through every node. */
    private static Map<String, Integer> schedule(Cluster cluster, int count, Instant from, Duration span) throws Exception {
        List<String> nodes = cluster.names();
        Map<String, Integer> ids = new java.util.concurrent.ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> created = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                created.add(pool.submit(() -> {
                    Api api = cluster.api(nodes.get(index % nodes.size()));
                    long at = from.toEpochMilli() + span.toMillis() * index / count;
                    String body = """
                            {"messages":[{"role":"user","content":"occurrence %d"}],"schedule":{"scheduled_at":%d}}"""
                            .formatted(index, at);
                    Api.Response response = api.post("/v1/agents/agent-" + (index % 50) + "/schedule", body);
                    if (response.status() != 201) {
                        throw new IllegalStateException(response.raw());
                    }
                    ids.put(response.body().get("id").asText(), index);
                    return null;
                }));
            }
            for (Future<?> f : created) {
                f.get();
            }
        }
        return ids;
    }

    private static Map<Integer, Set<String>> runIdsByOccurrence(FakeLetta letta) {
        return letta.all().stream().collect(Collectors.groupingBy(
                r -> Integer.parseInt(r.body().at("/messages/0/content").asText().replace("occurrence ", "")),
                Collectors.mapping(FakeLetta.Request::idempotencyKey, Collectors.toSet())));
    }

    /** The invariants: one run row per occurrence, all delivered, every repeat under the same run id. */
    private static void audit(Cluster cluster, FakeLetta letta, int count) throws Exception {
        await().atMost(PATIENCE).until(() -> runIdsByOccurrence(letta).size() == count);
        await().atMost(PATIENCE).until(() -> cluster.count("SELECT count(*) FROM runs WHERE state = 'succeeded'") == count);

        assertThat(cluster.count("SELECT count(*) FROM schedules")).isEqualTo(count);
        assertThat(cluster.count("SELECT count(*) FROM runs WHERE source = 'schedule'")).as("run rows").isEqualTo(count);
        assertThat(cluster.count("SELECT count(DISTINCT schedule_id) FROM runs")).as("occurrences with a run").isEqualTo(count);
        assertThat(runIdsByOccurrence(letta).values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
        long repeats = letta.all().size() - count;
        long maxLate = cluster.count("SELECT max(lateness_ms) FROM runs");
        System.out.printf("audit: %d occurrences, %d runs, %d deliveries repeated (same run id), latest fire %d ms after due%n",
                count, count, repeats, maxLate);
    }

    @Test
    void threeNodesKeepFiringThroughAKillNine() throws Exception {
        int count = 1200;
        try (FakeLetta letta = new FakeLetta();
                Cluster cluster = new Cluster(PostgresServer.newDatabase(), letta.baseUrl())) {
            for (String node : List.of("node-1", "node-2", "node-3")) {
                cluster.start(node);
            }
            await().atMost(PATIENCE).until(() -> cluster.leases().size() == 3);
            Map<String, Integer> leasesBefore = cluster.leases();

            schedule(cluster, count, Instant.now().plusSeconds(CREATION_LEAD), Duration.ofSeconds(12));
            await().atMost(PATIENCE).until(() -> letta.all().size() >= count / 3);
            // Answers held from here on: with 30 deliveries in flight across three nodes, node-2 has some of them
            // (all 30 on the other two: (2/3)^30, about 5 in a million).
            letta.hold();
            await().atMost(PATIENCE).until(() -> letta.held() >= 30);
            cluster.node("node-2").kill();
            Instant killedAt = Instant.now();
            letta.open();

            await().atMost(PATIENCE).until(() -> !cluster.leases().containsKey("node-2") && cluster.leases().values().stream()
                    .mapToInt(Integer::intValue).sum() == dev.agentcron.domain.Buckets.COUNT);
            System.out.printf("leases before the kill %s; all %d buckets held by the survivors %d ms after it%n",
                    leasesBefore, dev.agentcron.domain.Buckets.COUNT, Duration.between(killedAt, Instant.now()).toMillis());
            audit(cluster, letta, count);
            assertThat(cluster.count("SELECT count(*) FROM runs WHERE fired_by = 'node-2'")).as("node-2 fired before it died").isPositive();
            assertThat(letta.all().size()).as("deliveries in flight at the kill were made again (same run ids)").isGreaterThan(count);
        }
    }

    @Test
    void aNodeFrozenPastItsLeaseCommitsNothingItLostAndRejoins() throws Exception {
        int count = 400;
        try (FakeLetta letta = new FakeLetta(); Cluster cluster = new Cluster(PostgresServer.newDatabase(), letta.baseUrl())) {
            for (String node : List.of("node-1", "node-2", "node-3")) {
                cluster.start(node);
            }
            await().atMost(PATIENCE).until(() -> cluster.leases().size() == 3);
            schedule(cluster, count, Instant.now().plusSeconds(CREATION_LEAD), Duration.ofSeconds(14));
            await().atMost(PATIENCE).until(() -> letta.all().size() >= count / 5);

            cluster.node("node-1").signal("STOP");
            Instant frozenAt = Instant.now();
            await().atMost(PATIENCE).until(() -> !cluster.leases().containsKey("node-1"));
            Instant leasesGone = Instant.now();
            await().atMost(PATIENCE).until(() -> letta.all().size() >= count * 3 / 4);
            cluster.node("node-1").signal("CONT");

            audit(cluster, letta, count);
            System.out.printf("node-1 frozen for its lease: its buckets moved %d ms after the freeze%n",
                    Duration.between(frozenAt, leasesGone).toMillis());
            await().atMost(PATIENCE).until(() -> cluster.leases().getOrDefault("node-1", 0) > 0);
        }
    }

    @Test
    void nodesCarryOnThroughADatabaseRestart(@TempDir Path data) throws Exception {
        int count = 300;
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres database = PostgresServer.startAt(data, port);
        String url = database.getJdbcUrl("postgres", "postgres");
        try (FakeLetta letta = new FakeLetta(); Cluster cluster = new Cluster(url, letta.baseUrl())) {
            cluster.start("node-1");
            cluster.start("node-2");
            await().atMost(PATIENCE).until(() -> cluster.leases().size() == 2);
            schedule(cluster, count, Instant.now().plusSeconds(CREATION_LEAD), Duration.ofSeconds(12));
            await().atMost(PATIENCE).until(() -> letta.all().size() >= count / 5);

            database.close();
            Api node1 = cluster.api("node-1");
            await().atMost(PATIENCE).until(() -> node1.get("/readyz").status() == 503);
            database = PostgresServer.startAt(data, port);

            audit(cluster, letta, count);
        } finally {
            database.close();
        }
    }
}
