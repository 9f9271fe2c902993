package dev.agentcron.testing;

import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.Schedule;
import dev.agentcron.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;

/** A real store, a manual clock, a recording runner and an engine built on them, for tests of the engine's rules. */
public final class EngineHarness implements AutoCloseable {

    public final ManualClock clock;
    public final RecordingRunner runner = new RecordingRunner();
    public final Store store;
    public final IdGenerator ids;

    public EngineHarness(Path dir, Instant start) {
        clock = new ManualClock(start);
        store = TestStores.sqlite(dir);
        ids = new IdGenerator(clock);
    }

    public TestEngine engine(Executor executor) {
        return TestEngine.on(store, runner, executor, clock);
    }

    public Schedule save(TestEngine engine, Schedule schedule) {
        store.insertSchedule(schedule, null);
        engine.saved(schedule);
        return schedule;
    }

    public List<Run> runsOf(Schedule schedule) {
        return store.listRuns(schedule.id(), 0, 100);
    }

    public Schedule reload(Schedule schedule) {
        return store.findSchedule(schedule.id()).orElseThrow();
    }

    @Override
    public void close() {
        store.close();
    }
}
