package dev.agentcron.engine;

import dev.agentcron.domain.Buckets;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What is due soon, in due order: schedule occurrences loaded ahead of time, and timed tasks (retries,
 * callbacks). Keyed by due instant and compared with the injected clock, never with {@code nanoTime}, so a
 * test moves time by setting the clock. Holds at most one occurrence per schedule: the version last seen.
 * Thread-safe; the engine thread polls it, delivery threads add tasks to it.
 */
public final class DueQueue implements Timers {

    sealed interface Item permits Occurrence, Task {}

    record Occurrence(Schedule schedule) implements Item {}

    record Task(Runnable action) implements Item {}

    private record Entry(Instant at, long seq, Item item) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(seq, other.seq);
        }
    }

    private final Alarm alarm;
    private final TreeSet<Entry> entries = new TreeSet<>();
    private final Map<ScheduleId, Entry> occurrences = new HashMap<>();
    private long seq;

    /** @param alarm rung when a timed task is added, so the loop's sleep ends in time for it */
    public DueQueue(Alarm alarm) {
        this.alarm = alarm;
    }

    /** Queues the schedule's next occurrence, replacing an older version of it; ignores a stale one. */
    synchronized void offer(Schedule schedule) {
        Entry existing = occurrences.get(schedule.id());
        if (existing != null) {
            Schedule queued = ((Occurrence) existing.item()).schedule();
            if (queued.version() >= schedule.version()) {
                return;
            }
            entries.remove(existing);
            occurrences.remove(schedule.id());
        }
        if (schedule.nextFireAt() == null) {
            return;
        }
        Entry entry = new Entry(schedule.nextFireAt(), seq++, new Occurrence(schedule));
        entries.add(entry);
        occurrences.put(schedule.id(), entry);
    }

    synchronized void remove(ScheduleId id) {
        Entry existing = occurrences.remove(id);
        if (existing != null) {
            entries.remove(existing);
        }
    }

    /** Forgets the occurrences of schedules in {@code buckets} (this node no longer fires them). */
    synchronized void removeBuckets(Set<Integer> buckets) {
        if (buckets.isEmpty()) {
            return;
        }
        occurrences.entrySet().removeIf(e -> {
            boolean lost = buckets.contains(Buckets.of(e.getKey().value()));
            if (lost) {
                entries.remove(e.getValue());
            }
            return lost;
        });
    }

    @Override
    public void schedule(Instant at, Runnable action) {
        synchronized (this) {
            entries.add(new Entry(at, seq++, new Task(action)));
        }
        alarm.ring();
    }

    /** Removes and returns up to {@code max} items due at or before {@code now}, earliest first. */
    synchronized List<Item> pollDue(Instant now, int max) {
        List<Item> due = new ArrayList<>();
        while (due.size() < max && !entries.isEmpty() && !entries.first().at().isAfter(now)) {
            Entry entry = entries.pollFirst();
            if (entry.item() instanceof Occurrence occurrence) {
                occurrences.remove(occurrence.schedule().id());
            }
            due.add(entry.item());
        }
        return due;
    }

    /** When the earliest item is due, or null when empty. */
    synchronized Instant nextAt() {
        return entries.isEmpty() ? null : entries.first().at();
    }

    synchronized int occurrenceCount() {
        return occurrences.size();
    }

    synchronized int size() {
        return entries.size();
    }
}
