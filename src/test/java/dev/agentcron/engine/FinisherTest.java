package dev.agentcron.engine;

import static dev.agentcron.engine.PartsHarness.DUE;
import static dev.agentcron.testing.ScheduleBuilder.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.api.Json;
import dev.agentcron.callback.CallbackBodies;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.RunOutcome;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.Schedule;
import dev.agentcron.store.Claim;
import dev.agentcron.store.Store;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinisherTest {

    @TempDir
    Path dir;

    private PartsHarness h;
    private Finisher finisher;
    private final List<RunId> ended = new ArrayList<>();

    @BeforeEach
    void open() {
        h = new PartsHarness(dir);
        h.clock.set(DUE);
        finisher = new Finisher(new Completions(h.store, Runnable::run, h.engine.queue, h.clock), h.engine.callbacks,
                new CallbackBodies(Json.mapper()), h.ids, h.clock, new EngineMetrics(new SimpleMeterRegistry(), h.engine.queue), ended::add);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private Run written(Schedule s, String runId) {
        h.store.insertSchedule(s, null);
        Run run = Run.manual(s, new RunId(runId), DUE);
        h.store.insertRun(run);
        return run;
    }

    private static Store.RunEnd succeeded(Run run) {
        return new Store.RunEnd(run.id(), run.scheduleId(), 1, "{\"answer\":42}", new RunOutcome(RunState.SUCCEEDED, DUE, null, null, false));
    }

    @Test
    void writesTheEndWithACallbackForARunThatHasAUrlAndQueuesItsSending() {
        Run run = written(aSchedule().callbackUrl("http://127.0.0.1:9/hook").build(), "run-1");

        finisher.finish(run, succeeded(run));

        assertThat(h.store.findRun(run.id())).hasValueSatisfying(r -> {
            assertThat(r.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(r.callback().state()).isEqualTo("pending");
        });
        assertThat(h.store.findPendingCallbacks(10, Claim.ALL)).singleElement()
                .satisfies(c -> assertThat(c.body()).contains("\"answer\":42"));
        assertThat(h.engine.queue.nextAt()).as("the sending, due now").isEqualTo(DUE);
        assertThat(ended).containsExactly(run.id());
    }

    @Test
    void aRunWithoutAUrlGetsNoCallbackAndACancelledOneIsLeftAsItWas() {
        Run plain = written(aSchedule().build(), "run-plain");
        Run cancelled = written(aSchedule().callbackUrl("http://127.0.0.1:9/hook").build(), "run-cancelled");
        h.store.cancelRun(cancelled.id(), "cancelled by alice", DUE);

        finisher.finish(plain, succeeded(plain));
        finisher.finish(cancelled, succeeded(cancelled));

        assertThat(h.store.findPendingCallbacks(10, Claim.ALL)).isEmpty();
        assertThat(h.store.findRun(cancelled.id()).orElseThrow().state()).isEqualTo(RunState.CANCELLED);
        assertThat(ended).containsExactly(plain.id(), cancelled.id());
    }
}
