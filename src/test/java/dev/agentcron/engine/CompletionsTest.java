package dev.agentcron.engine;

import static dev.agentcron.engine.PartsHarness.DUE;
import static dev.agentcron.testing.ScheduleBuilder.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.RunOutcome;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.Schedule;
import dev.agentcron.store.Store;
import dev.agentcron.testing.QueuedExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionsTest {

    @TempDir
    Path dir;

    private PartsHarness h;
    private final QueuedExecutor executor = new QueuedExecutor();
    private final List<String> written = new ArrayList<>();

    @BeforeEach
    void open() {
        h = new PartsHarness(dir);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private Completions.Item end(String runId) {
        Schedule s = aSchedule().build();
        h.store.insertSchedule(s, null);
        h.store.insertRun(Run.manual(s, new RunId(runId), DUE));
        Store.RunEnd end = new Store.RunEnd(new RunId(runId), s.id(), 1, "{}", new RunOutcome(RunState.SUCCEEDED, DUE, null, null, false));
        return new Completions.Item(new Store.Finish(end, null), ended -> written.add(runId + (ended.finished() ? "" : " (already)")));
    }

    @Test
    void endsThatArriveWhileOneGroupIsPendingGoInOneTransaction() {
        Completions completions = new Completions(h.store, executor, h.engine.queue, h.clock);

        completions.add(end("run-1"));
        completions.add(end("run-2"));
        completions.add(end("run-3"));

        assertThat(executor.pending()).as("one drain for the three").isEqualTo(1);
        executor.runAll();
        assertThat(written).containsExactly("run-1", "run-2", "run-3");
        assertThat(h.store.findUnfinishedRuns(10, dev.agentcron.store.Claim.ALL)).isEmpty();
    }

    @Test
    void keepsTheEndsAndWritesThemAgainWhenTheStoreFails() {
        Store failing = (Store) java.lang.reflect.Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    throw new IllegalStateException("database restarting");
                });
        Completions completions = new Completions(failing, Runnable::run, h.engine.queue, h.clock);

        completions.add(end("run-1"));

        assertThat(written).isEmpty();
        assertThat(h.engine.queue.nextAt()).as("a retry on the timer, a second later").isEqualTo(h.clock.instant().plusSeconds(1));
    }
}
