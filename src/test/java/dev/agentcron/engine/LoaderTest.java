package dev.agentcron.engine;

import static dev.agentcron.engine.PartsHarness.DUE;
import static dev.agentcron.testing.ScheduleBuilder.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.domain.Schedule;
import dev.agentcron.store.Claim;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderTest {

    @TempDir
    Path dir;

    private PartsHarness h;
    private Loader loader;

    @BeforeEach
    void open() {
        h = new PartsHarness(dir);
        loader = new Loader(new Loader.Settings(Duration.ofSeconds(10), 4), h.store, h.engine.queue);
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void loadsWhatIsDueInsideTheWindowAndWaitsHalfAWindowForTheNext() {
        Schedule soon = aSchedule().at(DUE.plusSeconds(5)).build();
        Schedule later = aSchedule().at(DUE.plusSeconds(30)).build();
        h.store.insertSchedule(soon, null);
        h.store.insertSchedule(later, null);

        loader.loadIfDue(DUE, Claim.ALL);

        assertThat(h.engine.queue.occurrenceCount()).isEqualTo(1);
        assertThat(loader.nextLoadAt()).isEqualTo(DUE.plusSeconds(5));
    }

    @Test
    void loadsAgainBeforeItsTimeOnlyWhenTheLastLoadFilledItsBatchAndTheQueueRanLow() {
        for (int i = 0; i < 5; i++) {
            h.store.insertSchedule(aSchedule().at(DUE.plusSeconds(i + 2)).build(), null);
        }
        loader.loadIfDue(DUE, Claim.ALL);
        Schedule written = aSchedule().at(DUE.plusSeconds(1)).build();
        h.store.insertSchedule(written, null); // by another process: no change reaches this node's inbox

        loader.loadIfDue(DUE.plusMillis(1), Claim.ALL);
        List<DueQueue.Item> notReloaded = h.engine.queue.pollDue(DUE.plusSeconds(1), 10);
        h.engine.queue.pollDue(DUE.plusSeconds(10), 10); // what was loaded fires: the queue runs low
        loader.loadIfDue(DUE.plusMillis(2), Claim.ALL);
        List<DueQueue.Item> reloaded = h.engine.queue.pollDue(DUE.plusSeconds(1), 10);

        assertThat(notReloaded).isEmpty();
        assertThat(reloaded).containsExactly(new DueQueue.Occurrence(written));
    }

    @Test
    void loadsAtOnceWhenTheClaimChanged() {
        loader.loadIfDue(DUE, Claim.ALL);
        h.store.insertSchedule(aSchedule().at(DUE.plusSeconds(1)).build(), null);

        loader.loadNow();
        loader.loadIfDue(DUE.plusMillis(1), Claim.ALL);

        assertThat(h.engine.queue.occurrenceCount()).isEqualTo(1);
    }
}
