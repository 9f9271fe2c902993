package dev.agentcron.engine;

import static dev.agentcron.testing.ScheduleBuilder.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.api.Json;
import dev.agentcron.domain.Schedule;
import dev.agentcron.runner.DeliveryOutcome;
import dev.agentcron.store.Database;
import dev.agentcron.store.Databases;
import dev.agentcron.store.Store;
import dev.agentcron.testing.PostgresServer;
import dev.agentcron.testing.TestEngine;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A cluster node whose clock runs 2 s ahead still fires nothing before the database says it is due. */
class ClockSkewTest {

    private static final Duration SKEW = Duration.ofSeconds(2);

    @Test
    void aNodeWhoseClockIsAheadNeverFiresEarly() throws Exception {
        try (Database database = Databases.openPostgres(PostgresServer.newDatabase(), "postgres", null, 4, Duration.ofSeconds(10), Json.mapper())) {
            Store store = database.store();
            InstantSource ahead = () -> Instant.now().plus(SKEW);
            CalibratedClock clock = new CalibratedClock(ahead);
            LeaseKeeper keeper = new LeaseKeeper(new LeaseKeeper.Settings("skewed", Duration.ofSeconds(10), Duration.ofSeconds(2)),
                    database.leases().orElseThrow(), clock, System::nanoTime);
            CompletableFuture<Instant> deliveredAt = new CompletableFuture<>();
            ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();
            TestEngine engine = TestEngine.on(store, d -> {
                deliveredAt.complete(Instant.now());
                return new DeliveryOutcome.Delivered("{}");
            }, deliveries, clock, keeper);
            EngineLoop loop = new EngineLoop(engine.engine, engine.alarm, engine.dispatcher, deliveries, keeper);
            keeper.start();
            loop.start();
            try {
                Instant due = Instant.now().plusMillis(1500);
                Schedule s = aSchedule().at(due).nextFireAt(due).build();
                store.insertSchedule(s, null);
                engine.saved(s);

                Instant delivered = deliveredAt.get(30, TimeUnit.SECONDS);

                assertThat(clock.offsetMillis()).isBetween(-SKEW.toMillis() - 500, -SKEW.toMillis() + 500);
                assertThat(delivered).isAfterOrEqualTo(due);
                assertThat(store.listRuns(s.id(), 0, 1).getFirst().times().lateness().isNegative()).isFalse();
            } finally {
                loop.stop(Duration.ofSeconds(5));
            }
        }
    }
}
