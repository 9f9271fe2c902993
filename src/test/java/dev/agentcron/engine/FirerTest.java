package dev.agentcron.engine;

import static dev.agentcron.engine.PartsHarness.DUE;
import static dev.agentcron.testing.ScheduleBuilder.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.domain.OverlapPolicy;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.Schedule;
import dev.agentcron.store.Claim;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirerTest {

    @TempDir
    Path dir;

    private PartsHarness h;
    private Firer firer;

    @BeforeEach
    void open() {
        h = new PartsHarness(dir);
        firer = new Firer(new Firer.Settings(2, Duration.ofHours(1)), h.store, h.engine.queue, h.engine.dispatcher, h.ids,
                new EngineMetrics(new SimpleMeterRegistry(), h.engine.queue));
    }

    @AfterEach
    void close() {
        h.close();
    }

    private Schedule queued(Schedule s) {
        h.store.insertSchedule(s, null);
        h.engine.queue.offer(s);
        return s;
    }

    @Test
    void firesWhatIsDueDeliversItAndQueuesTheNextOccurrenceInsideTheWindow() {
        Schedule s = queued(aSchedule().cron("* * * * *").nextFireAt(DUE).build());

        Firer.Result result = firer.fireDue(DUE, DUE.plusSeconds(90), Claim.ALL);

        assertThat(result).isEqualTo(Firer.Result.FIRED);
        assertThat(h.runner.deliveries()).singleElement().satisfies(d -> assertThat(d.dueAt()).isEqualTo(DUE));
        assertThat(h.engine.queue.nextAt()).isEqualTo(DUE.plusSeconds(60));
        assertThat(h.store.findSchedule(s.id()).orElseThrow().nextFireAt()).isEqualTo(DUE.plusSeconds(60));
    }

    @Test
    void saysWhenMoreIsDueThanOneGroup() {
        for (int i = 0; i < 3; i++) {
            queued(aSchedule().at(DUE).build());
        }

        assertThat(firer.fireDue(DUE, DUE, Claim.ALL)).isEqualTo(Firer.Result.MORE_DUE);
        assertThat(firer.fireDue(DUE, DUE, Claim.ALL)).isEqualTo(Firer.Result.FIRED);
        assertThat(firer.fireDue(DUE, DUE, Claim.ALL)).isEqualTo(Firer.Result.IDLE);
    }

    @Test
    void skipsAnOccurrenceWhileARunOfItsScheduleIsUnfinished() {
        Schedule s = queued(aSchedule().agentRun().overlap(OverlapPolicy.SKIP).cron("* * * * *").nextFireAt(DUE).build());
        h.store.insertRun(Run.manual(s, new RunId("run-still-going"), DUE.minusSeconds(5)));

        firer.fireDue(DUE, DUE, Claim.ALL);

        assertThat(h.store.listRuns(s.id(), 0, 10)).filteredOn(r -> r.dueAt().equals(DUE))
                .singleElement().satisfies(r -> assertThat(r.state()).isEqualTo(RunState.SKIPPED));
        assertThat(h.runner.deliveries()).isEmpty();
    }

    @Test
    void writesNothingAndReportsFailureWhenTheStoreIsDown() {
        queued(aSchedule().at(DUE).build());
        h.store.close();

        assertThat(firer.fireDue(DUE, DUE, Claim.ALL)).isEqualTo(Firer.Result.FAILED);
        assertThat(h.runner.deliveries()).isEmpty();
    }

    @Test
    void runsTheTimedTasksThatAreDue() {
        List<String> ran = new java.util.ArrayList<>();
        h.engine.queue.schedule(DUE, () -> ran.add("task"));

        firer.fireDue(DUE, DUE, Claim.ALL);

        assertThat(ran).containsExactly("task");
    }
}
