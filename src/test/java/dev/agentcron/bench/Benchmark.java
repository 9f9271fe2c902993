package dev.agentcron.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.api.Json;
import dev.agentcron.domain.Audit;
import dev.agentcron.domain.JsonDocument;
import dev.agentcron.domain.LastRun;
import dev.agentcron.domain.Policies;
import dev.agentcron.domain.Principal;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.domain.ScheduleState;
import dev.agentcron.domain.Trigger;
import dev.agentcron.engine.EngineLoop;
import dev.agentcron.runner.DeliveryOutcome;
import dev.agentcron.store.Databases;
import dev.agentcron.store.Store;
import dev.agentcron.testing.PostgresServer;
import dev.agentcron.testing.TestEngine;
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
 * Run: {@code mvn -q -DskipTests test-compile exec:java@bench} (sizes: {@code -Dburst=100000 -Drate=500}; only some
 * stores: {@code -Dstores=postgres}; statistics taken before the burst: {@code -Danalyze=true}). Prints a table and writes it to {@code target/bench.json}.
 */
public final class Benchmark {

    private static final InstantSource CLOCK = InstantSource.system();

    public static void main(String[] args) throws Exception {
        int burst = Integer.getInteger("burst", 50_000);
        int rate = Integer.getInteger("rate", 500);
        int seconds = Integer.getInteger("seconds", 15);
        List<String[]> rows = new ArrayList<>();
        List<String> stores = List.of(System.getProperty("stores", "sqlite,postgres").split(","));
        rows.add(new String[] {"store", "workload", "result"});
        Path dir = Files.createTempDirectory("agentcron-bench");
        if (stores.contains("sqlite")) {
            run(rows, "SQLite FULL", () -> sqlite(dir.resolve("burst")), burst, rate, seconds, () -> sqlite(dir.resolve("steady")));
        }
        if (stores.contains("postgres")) {
            run(rows, "PostgreSQL", Benchmark::postgres, burst, rate, seconds, Benchmark::postgres);
            double peer = DbSchedulerPeer.burst(PostgresServer.newDatabase(), burst);
            rows.add(new String[] {"PostgreSQL", "db-scheduler 16.7 (lock-and-fetch, 50 threads), same burst",
                    "%,.0f executions/s".formatted(peer)});
        }
        print(rows);
        write(rows, Path.of("target", "bench.json"), burst, rate, seconds);
        System.exit(0);
    }

    /** A store under test, and a plain connection to its database to count what it wrote. */
    private record Opened(Store store, Supplier<Connection> connect) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
        }
    }

    private static Opened sqlite(Path dir) {
        Store store = Databases.openSqlite(dir, "FULL", Json.mapper()).store();
        return new Opened(store, () -> jdbc("jdbc:sqlite:" + dir.resolve("agentcron.db"), null));
    }

    private static Opened postgres() {
        String url = PostgresServer.newDatabase();
        return new Opened(Databases.openPostgres(url, "postgres", null, 10, Duration.ofSeconds(15), Json.mapper()).store(), () -> jdbc(url, "postgres"));
    }

    private static Connection jdbc(String url, String user) {
        try {
            return DriverManager.getConnection(url, user, null);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String[]> rows, String name, Supplier<Opened> burstStore, int burst, int rate, int seconds,
            Supplier<Opened> steadyStore) throws Exception {
        try (Opened opened = burstStore.get()) {
            Store store = opened.store();
            Instant due = CLOCK.instant();
            insert(store, burst, i -> due);
            if (Boolean.getBoolean("analyze")) {
                analyze(opened); // as autovacuum would a minute after the create; by default the burst comes first
            }
            long start = System.nanoTime();
            try (Running engine = start(store)) {
                long fired = awaitCount(opened, "SELECT count(*) FROM runs", burst);
                double fireSeconds = (fired - start) / 1e9;
                long done = awaitCount(opened, "SELECT count(*) FROM runs WHERE state = 'succeeded'", burst);
                double doneSeconds = (done - start) / 1e9;
                rows.add(new String[] {name, "burst: " + burst + " due at once, fires committed",
                        "%,.0f fires/s (%.1f s)".formatted(burst / fireSeconds, fireSeconds)});
                rows.add(new String[] {name, "burst: runs completed (no-op agent)",
                        "%,.0f runs/s (%.1f s)".formatted(burst / doneSeconds, doneSeconds)});
            }
        }
        try (Opened opened = steadyStore.get()) {
            Store store = opened.store();
            int count = rate * seconds;
            Instant first = CLOCK.instant().plusSeconds(3);
            insert(store, count, i -> first.plusNanos((long) (i * 1e9 / rate)));
            try (Running engine = start(store)) {
                awaitCount(opened, "SELECT count(*) FROM runs", count);
                List<Long> lateness = latenessMillis(opened);
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
        TestEngine engine = TestEngine.sizedAsTheServer(store, d -> new DeliveryOutcome.Delivered("{}"), deliveries, CLOCK);
        EngineLoop loop = new EngineLoop(engine.engine, engine.alarm, engine.dispatcher, deliveries, null);
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
        JsonDocument document = JsonDocument.of(payload);
        List<Schedule> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant at = due.of(i);
            batch.add(new Schedule(new ScheduleId("bench-" + i), new Principal("bench"), ScheduleKind.LETTA_MESSAGE, "agent-" + (i % 1000),
                    "", new Trigger.At(at), document, null, Policies.defaultsFor(ScheduleKind.LETTA_MESSAGE), ScheduleState.ACTIVE, at, 1,
                    LastRun.NONE, Audit.created(new Principal("bench"), now)));
            if (batch.size() == 5_000) {
                store.insertSchedules(batch);
                batch.clear();
            }
        }
        store.insertSchedules(batch);
    }

    private static void analyze(Opened opened) throws Exception {
        try (Connection c = opened.connect().get(); Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        }
    }

    /** Waits until {@code sql} counts {@code target}; returns System.nanoTime() when it did. */
    private static long awaitCount(Opened opened, String sql, long target) throws Exception {
        while (count(opened, sql) < target) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return System.nanoTime();
    }

    private static long count(Opened opened, String sql) throws Exception {
        try (Connection c = opened.connect().get(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Long> latenessMillis(Opened opened) throws Exception {
        List<Long> values = new ArrayList<>();
        try (Connection c = opened.connect().get(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT lateness_ms FROM runs ORDER BY lateness_ms")) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** The table as JSON: the sizes, the machine, and one object per row. */
    private static void write(List<String[]> rows, Path file, int burst, int rate, int seconds) throws java.io.IOException {
        ObjectNode report = JsonNodeFactory.instance.objectNode();
        report.put("burst", burst).put("rate", rate).put("seconds", seconds)
                .put("cores", Runtime.getRuntime().availableProcessors()).put("jdk", System.getProperty("java.version"))
                .put("measured_at", CLOCK.instant().toString());
        var results = report.putArray("results");
        rows.stream().skip(1).forEach(r -> results.addObject().put("store", r[0]).put("workload", r[1]).put("result", r[2]));
        Files.createDirectories(file.getParent());
        Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
        System.out.println("written to " + file);
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
