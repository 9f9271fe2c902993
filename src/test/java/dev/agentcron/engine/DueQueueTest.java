package dev.agentcron.engine;

import static dev.agentcron.testing.ScheduleBuilder.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.domain.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DueQueueTest {

    private static final Instant DUE = Instant.parse("2030-01-01T09:00:00Z");

    private final AtomicInteger rings = new AtomicInteger();
    private final DueQueue queue = newQueue();

    private DueQueue newQueue() {
        Alarm alarm = new Alarm();
        alarm.onRing(rings::incrementAndGet);
        return new DueQueue(alarm);
    }

    @Test
    void givesBackOnlyWhatIsDueInDueOrderAndNeverEarly() {
        Schedule late = aSchedule().at(DUE.plusSeconds(1)).build();
        Schedule early = aSchedule().at(DUE).build();
        queue.offer(late);
        queue.offer(early);

        List<DueQueue.Item> none = queue.pollDue(DUE.minusMillis(1), 10);
        List<DueQueue.Item> first = queue.pollDue(DUE, 10);

        assertThat(none).isEmpty();
        assertThat(first).containsExactly(new DueQueue.Occurrence(early));
        assertThat(queue.nextAt()).isEqualTo(DUE.plusSeconds(1));
    }

    @Test
    void keepsOneOccurrencePerScheduleTheNewestVersion() {
        Schedule s = aSchedule().at(DUE).build();
        Schedule moved = s.advancedTo(DUE.plusSeconds(60));

        queue.offer(s);
        queue.offer(moved);

        assertThat(queue.occurrenceCount()).isEqualTo(1);
        assertThat(queue.pollDue(DUE.plusSeconds(60), 10)).containsExactly(new DueQueue.Occurrence(moved));
    }

    @Test
    void runsTimedTasksAtTheirInstantAndRingsTheAlarmWhenOneIsAdded() {
        List<String> ran = new ArrayList<>();

        queue.schedule(DUE, () -> ran.add("retry"));
        queue.pollDue(DUE, 10).forEach(item -> ((DueQueue.Task) item).action().run());

        assertThat(ran).containsExactly("retry");
        assertThat(rings).hasValue(1);
    }

    @Test
    void forgetsTheOccurrencesOfBucketsItLost() {
        Schedule s = aSchedule().at(DUE).build();
        queue.offer(s);

        queue.removeBuckets(Set.of(dev.agentcron.domain.Buckets.of(s)));

        assertThat(queue.pollDue(DUE, 10)).isEmpty();
    }
}
