package dev.agentcron.engine;

import dev.agentcron.domain.Buckets;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleChanges;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleState;
import dev.agentcron.store.Claim;
import dev.agentcron.store.Store;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Takes committed schedule writes, from this node's services and from other nodes' announcements, and puts
 * each on the engine's timer at once instead of at its next load. Writes arrive on any thread; the engine
 * thread applies them at the start of each step.
 */
public final class ChangeInbox implements ScheduleChanges {

    private record Change(Schedule saved, ScheduleId removed) {}

    private final Store store;
    private final Ownership ownership;
    private final Alarm alarm;
    private final ConcurrentLinkedQueue<Change> inbox = new ConcurrentLinkedQueue<>();

    public ChangeInbox(Store store, Ownership ownership, Alarm alarm) {
        this.store = store;
        this.ownership = ownership;
        this.alarm = alarm;
    }

    @Override
    public void saved(Schedule schedule) {
        inbox.add(new Change(schedule, null));
        alarm.ring();
        announce(schedule.id());
    }

    @Override
    public void removed(ScheduleId id) {
        inbox.add(new Change(null, id));
        alarm.ring();
        announce(id);
    }

    /** Another node may own the schedule: tell them all (a no-op on the embedded store). */
    private void announce(ScheduleId id) {
        String node = ownership.claim().node();
        if (node != null) {
            store.announce(new Announcement(node, id).encode());
        }
    }

    /**
     * Hears another node's announcement of a changed schedule and, when this node fires its bucket, takes the
     * schedule's current row onto its timer. Runs on the listener's thread.
     */
    public void heard(String message) {
        Claim claim = ownership.claim();
        Announcement announcement = Announcement.decode(message).orElse(null);
        if (announcement == null || announcement.node().equals(claim.node())) {
            return; // not ours to read, or this node's own change, already applied
        }
        ScheduleId id = announcement.schedule();
        if (!claim.covers(Buckets.of(id.value()))) {
            return;
        }
        store.findSchedule(id).ifPresentOrElse(s -> inbox.add(new Change(s, null)), () -> inbox.add(new Change(null, id)));
        alarm.ring();
    }

    /** Applies what arrived: active schedules of {@code claim} due before {@code horizon} are queued; others leave the queue. */
    void applyTo(DueQueue queue, Claim claim, Instant horizon) {
        for (Change change; (change = inbox.poll()) != null; ) {
            Schedule saved = change.saved();
            if (saved == null) {
                queue.remove(change.removed());
            } else if (saved.state() != ScheduleState.ACTIVE || !claim.covers(Buckets.of(saved))) {
                queue.remove(saved.id());
            } else if (saved.nextFireAt() != null && !saved.nextFireAt().isAfter(horizon)) {
                queue.offer(saved);
            }
        }
    }
}
