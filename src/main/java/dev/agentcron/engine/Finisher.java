package dev.agentcron.engine;

import dev.agentcron.callback.CallbackBodies;
import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunId;
import dev.agentcron.store.CallbackRecord;
import dev.agentcron.store.Store;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * Ends a run: builds its callback when it has a callback URL, hands the end to {@link Completions} to be
 * written with the callback in one transaction, and sends the callback once that has committed.
 */
public final class Finisher {

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
        completions.add(new Completions.Item(new Store.Finish(end, callback), finished -> {
            if (finished && sendAfter != null) {
                callbacks.enqueue(sendAfter);
            }
            ended.accept(run.id());
        }));
        metrics.finished(end.outcome().state());
    }
}
