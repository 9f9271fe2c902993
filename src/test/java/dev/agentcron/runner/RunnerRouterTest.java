package dev.agentcron.runner;

import static dev.agentcron.testing.Deliveries.agentRun;
import static dev.agentcron.testing.Deliveries.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.ScheduleKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerRouterTest {

    private static Runner named(String name) {
        return d -> new DeliveryOutcome.Delivered(name);
    }

    private final RunnerRouter router = new RunnerRouter(
            Map.of("letta", named("letta"), "codex", named("codex"), "gpu", named("gpu"), "local", named("local"), "hook", named("hook")),
            List.of(new RunnerRouter.Route(RunnerRouter.Field.HARNESS, "codex", "codex"),
                    new RunnerRouter.Route(RunnerRouter.Field.WORKER_HOST, "gpu-box", "gpu"),
                    new RunnerRouter.Route(RunnerRouter.Field.MODEL_ID, "llama3:8b", "local"),
                    new RunnerRouter.Route(RunnerRouter.Field.AGENT_ID, "agent-hooked", "hook")),
            "codex");

    private static Delivery letta(String agentId) {
        return new Delivery(new RunId("r"), ScheduleKind.LETTA_MESSAGE, agentId, Instant.EPOCH, JsonNodeFactory.instance.objectNode(), 1, null);
    }

    @Test
    void routesAgentRunsByTheirConfigFirstMatchWinning() {
        var harness = config();
        harness.putObject("harness").put("type", "codex");

        assertThat(router.choose(agentRun("x", harness))).isEqualTo("codex");
        assertThat(router.choose(agentRun("x", config().put("worker_host", "gpu-box")))).isEqualTo("gpu");
        assertThat(router.choose(agentRun("x", config().put("model_id", "llama3:8b")))).isEqualTo("local");
        assertThat(router.choose(agentRun("x", config().put("model_id", "other")))).isEqualTo("codex");
    }

    @Test
    void routesLettaMessagesByAgentIdElseToLetta() {
        assertThat(router.choose(letta("agent-hooked"))).isEqualTo("hook");
        assertThat(router.choose(letta("agent-any"))).isEqualTo("letta");
    }

    @Test
    void withoutADefaultAnUnroutedAgentRunIsASpawnFailureThatSaysWhatToConfigure() {
        RunnerRouter bare = new RunnerRouter(Map.of("letta", named("letta")), List.of(), null);

        assertThat(bare.deliver(agentRun("x", null))).isInstanceOfSatisfying(DeliveryOutcome.Rejected.class,
                r -> assertThat(r.reason()).contains("AGENTCRON_RUNNER_DEFAULT"));
    }

    @Test
    void refusesRoutesToRunnersThatDoNotExist() {
        assertThatThrownBy(() -> new RunnerRouter(Map.of(), List.of(new RunnerRouter.Route(RunnerRouter.Field.HARNESS, "x", "nope")), null))
                .hasMessageContaining("nope");
    }
}
