package dev.agentcron.domain;

/**
 * Hands runs made outside the engine's fires (a "run now", a run started through the API) to the engine,
 * after they are committed, and tells it about cancellations. Implementations must not block.
 */
public interface RunDispatch {

    void submit(Run run);

    void cancel(RunId id);
}
