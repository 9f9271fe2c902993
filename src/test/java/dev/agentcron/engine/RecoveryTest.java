package dev.agentcron.engine;

import static dev.agentcron.engine.PartsHarness.DUE;
import static dev.agentcron.testing.ScheduleBuilder.aSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentcron.domain.Buckets;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.Schedule;
import dev.agentcron.store.Claim;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryTest {

    @TempDir
    Path dir;

    private PartsHarness h;
    private Recovery recovery;

    @BeforeEach
    void open() {
        h = new PartsHarness(dir);
        recovery = new Recovery(h.store, h.engine.dispatcher, h.engine.callbacks, h.engine.queue);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private Schedule withUnfinishedRun(String id, String runId) {
        Schedule s = aSchedule().id(id).agentRun().build();
        h.store.insertSchedule(s, null);
        h.store.insertRun(Run.manual(s, new RunId(runId), DUE));
        return s;
    }

    @Test
    void theFirstClaimDeliversEveryUnfinishedRunAgainWithItsRunId() {
        withUnfinishedRun("sch-1", "run-left-behind");

        boolean changed = recovery.follow(Claim.ALL);
        boolean again = recovery.follow(Claim.ALL);

        assertThat(changed).isTrue();
        assertThat(again).isFalse();
        assertThat(h.runner.deliveries()).singleElement().satisfies(d -> assertThat(d.runId().value()).isEqualTo("run-left-behind"));
    }

    @Test
    void aBucketGainedIsRecoveredAndABucketLostLeavesTheQueue() {
        Schedule a = withUnfinishedRun("sch-a", "run-a");
        String other = IntStream.range(0, 100).mapToObj(i -> "sch-b" + i).filter(id -> Buckets.of(id) != Buckets.of(a))
                .findFirst().orElseThrow();
        Schedule b = withUnfinishedRun(other, "run-b");
        Claim onlyA = new Claim("n1", Map.of(Buckets.of(a), 1L));
        recovery.follow(onlyA);
        h.engine.queue.offer(aSchedule().id("sch-a").at(DUE).build());

        recovery.follow(new Claim("n1", Map.of(Buckets.of(b), 1L)));

        assertThat(h.runner.deliveries()).extracting(d -> d.runId().value()).containsExactly("run-a", "run-b");
        assertThat(h.engine.queue.occurrenceCount()).isZero();
    }
}
