package dev.agentcron.engine;

import dev.agentcron.domain.Schedule;
import dev.agentcron.store.Claim;
import dev.agentcron.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Loads what is due within the look-ahead window into the {@link DueQueue}: every half window, or sooner
 * when the last load filled its batch and the queue runs low, or at once after the claim changed.
 */
public final class Loader {

    /**
     * @param lookahead how far ahead schedules are loaded into memory; also bounds how stale the queue can be
     *     for schedules written by another process
     * @param batch most schedules loaded per query
     */
    public record Settings(Duration lookahead, int batch) {}

    private final Settings settings;
    private final Store store;
    private final DueQueue queue;
    private Instant nextLoadAt = Instant.MIN;
    /** The last load filled its batch: more is due in the window than was loaded. */
    private boolean windowFull;

    public Loader(Settings settings, Store store, DueQueue queue) {
        this.settings = settings;
        this.store = store;
        this.queue = queue;
    }

    /** The end of the look-ahead window from {@code now}. */
    Instant horizon(Instant now) {
        return now.plus(settings.lookahead());
    }

    /** Loads when it is time to; a full window is read again once most of what was loaded has fired. */
    void loadIfDue(Instant now, Claim claim) {
        boolean runningLow = windowFull && queue.occurrenceCount() < settings.batch() / 4;
        if (now.isBefore(nextLoadAt) && !runningLow) {
            return;
        }
        List<Schedule> due = store.findDue(horizon(now), settings.batch(), claim);
        due.forEach(queue::offer);
        windowFull = due.size() >= settings.batch();
        nextLoadAt = now.plus(settings.lookahead().dividedBy(2));
    }

    /** Loads on the next step (the claim changed). */
    void loadNow() {
        nextLoadAt = Instant.MIN;
    }

    /** Loads next at {@code at} (a fire could not be recorded; its schedules still hold their occurrences). */
    void loadAgainAt(Instant at) {
        nextLoadAt = at;
    }

    /** When the next periodic load is. */
    Instant nextLoadAt() {
        return nextLoadAt;
    }
}
