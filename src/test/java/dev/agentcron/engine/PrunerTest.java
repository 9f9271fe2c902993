package dev.agentcron.engine;

import static dev.agentcron.engine.PartsHarness.DUE;
import static dev.agentcron.testing.ScheduleBuilder.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.agentcron.domain.Schedule;
import dev.agentcron.store.Claim;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrunerTest {

    @TempDir
    Path dir;

    private PartsHarness h;

    @BeforeEach
    void open() {
        h = new PartsHarness(dir);
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void deletesHistoryOlderThanTheRetentionAtMostEveryTenMinutes() {
        Pruner pruner = new Pruner(Duration.ofDays(1), h.store);
        Schedule first = aSchedule().agentRun().build();
        Schedule second = aSchedule().agentRun().build();
        h.store.insertSchedule(first, null);
        h.store.insertSchedule(second, null);
        h.store.deleteSchedule(first.id(), DUE);

        pruner.pruneIfDue(DUE.plus(Duration.ofDays(2)), Claim.ALL);
        h.store.deleteSchedule(second.id(), DUE);
        pruner.pruneIfDue(DUE.plus(Duration.ofDays(2)).plusSeconds(60), Claim.ALL);

        assertThat(h.store.findSchedule(first.id())).isEmpty();
        assertThat(h.store.findSchedule(second.id())).as("not yet: ten minutes have not passed").isPresent();

        pruner.pruneIfDue(DUE.plus(Duration.ofDays(2)).plus(Pruner.EVERY), Claim.ALL);

        assertThat(h.store.findSchedule(second.id())).isEmpty();
    }

    @Test
    void aFailureIsLoggedAndDoesNotStopTheEngine() {
        Pruner pruner = new Pruner(Duration.ofDays(1), h.store);
        h.store.close();

        assertThatCode(() -> pruner.pruneIfDue(DUE, Claim.ALL)).doesNotThrowAnyException();
    }
}
