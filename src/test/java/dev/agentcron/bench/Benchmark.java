package dev.agentcron.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.api.Json;
import dev.agentcron.callback.CallbackBodies;
import dev.agentcron.callback.CallbackSender;
import dev.agentcron.callback.WebhookSignature;
import dev.agentcron.domain.Audit;
import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.LastRun;
import dev.agentcron.domain.Policies;
import dev.agentcron.domain.Principal;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.domain.ScheduleState;
import dev.agentcron.domain.TargetPolicy;
import dev.agentcron.domain.Trigger;
import dev.agentcron.engine.Backoff;
import dev.agentcron.engine.Engine;
import dev.agentcron.engine.EngineLoop;
import dev.agentcron.engine.Ownership;
import dev.agentcron.runner.DeliveryOutcome;
import dev.agentcron.store.Databases;
import dev.agentcron.store.Store;
import dev.agentcron.testing.PostgresServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * agentcron's benchmark: one command, a table. Workloads, each on the embedded SQLite store (synchronous=FULL)
 * and on PostgreSQL (the embedded test server, same machine, durable commits):
 * <ul>
 *   <li>burst: N one-time schedules all due at once; fires per second (runs committed) and runs completed
 *       per second, with a no-op agent;</li>
 *   <li>steady: schedules due at a fixed rate well under capacity; lateness of the fires (p50, p99, max, min:
 *       never negative).</li>
 * </ul>
 * The burst is also run through db-scheduler on the same PostgreSQL, for a ratio against the nearest Java peer.
 * Run: {@code mvn -q -DskipTests test-compile exec:java@bench} (sizes: {@code -Dburst=100000 -Drate=500}).
 */
public final class Benchmark {

    private static final InstantSource CLOCK = InstantSource.system();

    public static void main(String[] args) throws Exception {
        int burst = Integer.getInteger("burst", 50_000);
        int rate = Integer.getInteger("rate", 500);
        int seconds = Integer.getInteger("seconds", 15);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"store", "workload", "result"});
        Path dir = Files.createTempDirectory("agentcron-bench");
        run(rows, "SQLite FULL", () -> Databases.openSqlite(dir.resolve("burst"), "FULL", Json.mapper()), burst, rate, seconds,
                () -> Databases.openSqlite(dir.resolve("steady"), "FULL", Json.mapper()));
        run(rows, "PostgreSQL", Benchmark::postgres, burst, rate, seconds, Benchmark::postgres);
        double peer = DbSchedulerPeer.burst(PostgresServer.newDatabase(), burst);
        rows.add(new String[] {"PostgreSQL", "db-scheduler 16.7 (lock-and-fetch, 50 threads), same burst",
                "%,.0f executions/s".formatted(peer)});
        print(rows);
        System.exit(0);
    }

    private static Store postgres() {
        return Databases.openPostgres(PostgresServer.newDatabase(), "postgres", null, 10, Json.mapper());
    }

    private static void run(List<String[]> rows, String name, Supplier<Store> burstStore, int burst, int rate, int seconds,
            Supplier<Store> steadyStore) throws Exception {
        try (Store store = burstStore.get()) {
            Instant due = CLOCK.instant();
            insert(store, burst, i -> due);
            long start = System.nanoTime();
            try (Running engine = start(store)) {
                long fired = awaitCount(store, "SELECT count(*) FROM runs", burst);
                double fireSeconds = (fired - start) / 1e9;
                long done = awaitCount(store, "SELECT count(*) FROM runs WHERE state = 'succeeded'", burst);
                double doneSeconds = (done - start) / 1e9;
                rows.add(new String[] {name, "burst: " + burst + " due at once, fires committed",
                        "%,.0f fires/s (%.1f s)".formatted(burst / fireSeconds, fireSeconds)});
                rows.add(new String[] {name, "burst: runs completed (no-op agent)",
                        "%,.0f runs/s (%.1f s)".formatted(burst / doneSeconds, doneSeconds)});
            }
        }
        try (Store store = steadyStore.get()) {
            int count = rate * seconds;
            Instant first = CLOCK.instant().plusSeconds(3);
            insert(store, count, i -> first.plusNanos((long) (i * 1e9 / rate)));
            try (Running engine = start(store)) {
                awaitCount(store, "SELECT count(*) FROM runs", count);
                List<Long> lateness = latenessMillis(store);
                rows.add(new String[] {name, "steady: %d/s for %d s, lateness".formatted(rate, seconds),
                        "p50 %d ms, p99 %d ms, max %d ms, min %d ms".formatted(pct(lateness, 50), pct(lateness, 99),
                                lateness.getLast(), lateness.getFirst())});
            }
        }
    }

    private record Running(EngineLoop loop) implements AutoCloseable {
        @Override
        public void close() {
            loop.stop(Duration.ofSeconds(10));
        }
    }

    private static Running start(Store store) {
        ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();
        IdGenerator ids = new IdGenerator(CLOCK);
        Engine engine = new Engine(new Engine.Settings(Duration.ofSeconds(5), 2_000, 500, Duration.ofHours(1), 5,
                new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)), 256, 8, new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)),
                Duration.ofDays(30)), store, Ownership.SINGLE_NODE, d -> new DeliveryOutcome.Delivered("{}"),
                new CallbackSender(HttpClient.newHttpClient(), new WebhookSignature("bench"), new TargetPolicy(Set.of()), Duration.ofSeconds(5)),
                new CallbackBodies(Json.mapper()), deliveries, CLOCK, ids, new SplittableRandom(1), new SimpleMeterRegistry());
        EngineLoop loop = new EngineLoop(engine, deliveries, null);
        loop.start();
        return new Running(loop);
    }

    private interface DueAt {
        Instant of(int index);
    }

    private static void insert(Store store, int count, DueAt due) {
        Instant now = CLOCK.instant();
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.putArray("messages").addObject().put("role", "user").put("content", "bench");
        List<Schedule> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant at = due.of(i);
            batch.add(new Schedule(new ScheduleId("bench-" + i), new Principal("bench"), ScheduleKind.LETTA_MESSAGE, "agent-" + (i % 1000),
                    "", new Trigger.At(at), payload, null, Policies.defaultsFor(ScheduleKind.LETTA_MESSAGE), ScheduleState.ACTIVE, at, 1,
                    LastRun.NONE, Audit.created(new Principal("bench"), now)));
            if (batch.size() == 5_000) {
                store.insertSchedules(batch);
                batch.clear();
            }
        }
        store.insertSchedules(batch);
    }

    /** Waits until {@code sql} counts {@code target}; returns System.nanoTime() when it did. */
    private static long awaitCount(Store store, String sql, long target) throws Exception {
        while (count(store, sql) < target) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return System.nanoTime();
    }

    private static long count(Store store, String sql) throws Exception {
        try (Connection c = connection(store); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Long> latenessMillis(Store store) throws Exception {
        List<Long> values = new ArrayList<>();
        try (Connection c = connection(store); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT lateness_ms FROM runs ORDER BY lateness_ms")) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    private static Connection connection(Store store) throws Exception {
        return dev.agentcron.store.StoreAccess.connection(store);
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void print(List<String[]> rows) {
        int[] width = new int[3];
        rows.forEach(r -> {
            for (int i = 0; i < 3; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        });
        String format = "| %-" + width[0] + "s | %-" + width[1] + "s | %-" + width[2] + "s |%n";
        System.out.println();
        System.out.printf(format, (Object[]) rows.getFirst());
        System.out.printf("|%s|%s|%s|%n", "-".repeat(width[0] + 2), "-".repeat(width[1] + 2), "-".repeat(width[2] + 2));
        rows.stream().skip(1).forEach(r -> System.out.printf(format, (Object[]) r));
        System.out.printf("%n(%d cores, %s, JDK %s)%n", Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("java.version"));
    }
}
