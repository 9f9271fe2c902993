package dev.agentcron.engine;

import dev.agentcron.domain.IdGenerator;
import dev.agentcron.store.Store;
import dev.agentcron.testing.ManualClock;
import dev.agentcron.testing.RecordingRunner;
import dev.agentcron.testing.TestEngine;
import dev.agentcron.testing.TestStores;
import java.nio.file.Path;
import java.time.Instant;

/** A real SQLite store, a manual clock, a recording runner and the engine's parts, for the tests of one part. */
final class PartsHarness implements AutoCloseable {

    static final Instant T0 = Instant.parse("2030-01-01T08:00:00Z");
    static final Instant DUE = Instant.parse("2030-01-01T09:00:00Z");

    final ManualClock clock = new ManualClock(T0);
    final RecordingRunner runner = new RecordingRunner();
    final Store store;
    final TestEngine engine;
    final IdGenerator ids = new IdGenerator(clock);

    PartsHarness(Path dir) {
        store = TestStores.sqlite(dir);
        engine = TestEngine.on(store, runner, Runnable::run, clock);
    }

    @Override
    public void close() {
        store.close();
    }
}
