package dev.agentcron.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.runner.Delivery;
import java.time.Instant;

/** Deliveries for runner tests. */
public final class Deliveries {

    private Deliveries() {}

    /** An agent run of schedule "nightly" with {@code prompt} and {@code agentConfig} (may be null). */
    public static Delivery agentRun(String prompt, ObjectNode agentConfig) {
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("prompt", prompt);
        if (agentConfig != null) {
            input.set("agent_config", agentConfig);
        }
        input.putObject("schedule").put("schedule_id", "sch-1").put("schedule_name", "nightly").put("cron_schedule", "0 3 * * *");
        return new Delivery(new RunId("run-1"), ScheduleKind.AGENT_RUN, "", Instant.parse("2030-01-01T03:00:00Z"), input, 1, null);
    }

    public static ObjectNode config() {
        return JsonNodeFactory.instance.objectNode();
    }
}
