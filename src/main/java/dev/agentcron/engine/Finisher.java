package dev.agentcron.engine;

import dev.agentcron.callback.CallbackBodies;
import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.RunState;
import dev.agentcron.store.CallbackRecord;
import dev.agentcron.store.Store;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a run: builds its callback when it has a callback URL, hands the end to {@link Completions} to be
 * written with the callback in one transaction, and sends the callback once that has committed.
 */
public final class Finisher {

    private static final Logger log = LoggerFactory.getLogger(Finisher.class);

    private final Completions completions;
    private final CallbackOutbox callbacks;
    private final CallbackBodies bodies;
    private final IdGenerator ids;
    private final InstantSource clock;
    private final EngineMetrics metrics;
    private final Consumer<RunId> ended;

    /** @param ended told each run whose end has been written (or found already written, when it was cancelled) */
    public Finisher(Completions completions, CallbackOutbox callbacks, CallbackBodies bodies, IdGenerator ids, InstantSource clock,
            EngineMetrics metrics, Consumer<RunId> ended) {
        this.completions = completions;
        this.callbacks = callbacks;
        this.bodies = bodies;
        this.ids = ids;
        this.clock = clock;
        this.metrics = metrics;
        this.ended = ended;
    }

    void finish(Run run, Store.RunEnd end) {
        Instant now = clock.instant();
        CallbackRecord callback = null;
        if (run.callbackUrl() != null) {
            String body = bodies.build(new CallbackBodies.Outcome(run, end.attempt(), end.outcome().state(), end.response(),
                    end.outcome().error()), now);
            callback = new CallbackRecord(ids.next("cb-"), end.id(), run.callbackUrl(), body, 0, now);
        }
        CallbackRecord sendAfter = callback;
        completions.add(new Completions.Item(new Store.Finish(end, callback), written -> {
            if (!written.finished()) {
                metrics.finished(RunState.CANCELLED); // it ended first, cancelled through the API
            } else {
                metrics.finished(end.outcome().state());
                logFailure(run, end);
                if (sendAfter != null) {
                    callbacks.enqueue(sendAfter);
                }
            }
            if (written.pausedReason() != null) {
                log.warn("schedule {} paused itself after run {}: {}", run.scheduleId(), run.id(), written.pausedReason());
            }
            ended.accept(run.id());
        }));
    }

    /** One line per run that failed, with what an operator needs to find it. */
    private static void logFailure(Run run, Store.RunEnd end) {
        RunState state = end.outcome().state();
        if (state == RunState.FAILED || state == RunState.ERROR) {
            log.warn("run {} of schedule {} ended {} after {} attempt(s), {} ms late: {}", run.id(), run.scheduleId(), state.wire(),
                    end.attempt(), run.times().lateness() == null ? 0 : run.times().lateness().toMillis(), end.outcome().error());
        }
    }
}
