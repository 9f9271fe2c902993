package dev.agentcron.engine;

import static dev.agentcron.engine.PartsHarness.DUE;
import static dev.agentcron.testing.ScheduleBuilder.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.domain.Buckets;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleState;
import dev.agentcron.store.Claim;
import dev.agentcron.store.Store;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeInboxTest {

    @TempDir
    Path dir;

    private PartsHarness h;
    private final List<String> announced = new ArrayList<>();
    private int rings;

    @BeforeEach
    void open() {
        h = new PartsHarness(dir);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private ChangeInbox inbox(Claim claim) {
        Alarm alarm = new Alarm();
        alarm.onRing(() -> rings++);
        return new ChangeInbox(recordingAnnouncements(h.store), () -> claim, alarm);
    }

    /** The store, but what is announced through it is recorded here (SQLite has no other node to tell). */
    private Store recordingAnnouncements(Store store) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, method, args) -> {
            if (method.getName().equals("announce")) {
                announced.add((String) args[0]);
                return null;
            }
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Test
    void queuesASavedScheduleDueInsideTheWindowAndWakesTheLoop() {
        ChangeInbox inbox = inbox(Claim.ALL);
        Schedule soon = aSchedule().at(DUE).build();
        Schedule later = aSchedule().at(DUE.plusSeconds(3600)).build();

        inbox.saved(soon);
        inbox.saved(later);
        inbox.applyTo(h.engine.queue, Claim.ALL, DUE.plusSeconds(5));

        assertThat(h.engine.queue.occurrenceCount()).isEqualTo(1);
        assertThat(rings).isEqualTo(2);
        assertThat(announced).as("the single-node claim has no node name to announce under").isEmpty();
    }

    @Test
    void takesAPausedOrRemovedScheduleOffTheTimer() {
        ChangeInbox inbox = inbox(Claim.ALL);
        Schedule s = aSchedule().at(DUE).build();
        Schedule other = aSchedule().at(DUE).build();
        h.engine.queue.offer(s);
        h.engine.queue.offer(other);

        inbox.saved(s.withState(ScheduleState.PAUSED, null, s.owner(), DUE));
        inbox.removed(other.id());
        inbox.applyTo(h.engine.queue, Claim.ALL, DUE.plusSeconds(5));

        assertThat(h.engine.queue.occurrenceCount()).isZero();
    }

    @Test
    void inAClusterAnnouncesItsWritesAndHearsOnlyOtherNodesAboutItsOwnBuckets() {
        Schedule s = aSchedule().at(DUE).build();
        h.store.insertSchedule(s, null);
        Claim mine = new Claim("node-1", Map.of(Buckets.of(s), 1L));
        ChangeInbox inbox = inbox(mine);

        inbox.saved(s);
        inbox.applyTo(h.engine.queue, mine, DUE.plusSeconds(5));
        h.engine.queue.pollDue(DUE, 10);
        inbox.heard(new Announcement("node-1", s.id()).encode());
        inbox.heard("garbage");
        inbox.applyTo(h.engine.queue, mine, DUE.plusSeconds(5));
        int afterOwnEcho = h.engine.queue.occurrenceCount();
        inbox.heard(new Announcement("node-2", s.id()).encode());
        inbox.applyTo(h.engine.queue, mine, DUE.plusSeconds(5));

        assertThat(announced).containsExactly(new Announcement("node-1", s.id()).encode());
        assertThat(afterOwnEcho).isZero();
        assertThat(h.engine.queue.occurrenceCount()).isEqualTo(1);
    }
}
