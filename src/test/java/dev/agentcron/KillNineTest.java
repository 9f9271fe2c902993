package dev.agentcron;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcron.testing.Api;
import dev.agentcron.testing.CallbackReceiver;
import dev.agentcron.testing.FakeLetta;
import dev.agentcron.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation's promise, tested with a real process and a real {@code kill -9}: schedules are due while
 * the server dies, some deliveries are in flight, some not yet fired; after a restart every occurrence is
 * delivered, each under exactly one run id, and only deliveries in flight at the kill are repeated.
 */
class KillNineTest {

    private static final int SCHEDULES = 24;
    private static final String KEY = "kill-test-key";

    @Test
    void everyOccurrenceIsDeliveredUnderOneRunIdAcrossAKill(@TempDir Path data) throws Exception {
        try (FakeLetta letta = new FakeLetta(); CallbackReceiver callbacks = new CallbackReceiver()) {
            Map<String, String> env = new HashMap<>();
            env.put("AGENTCRON_PORT", "0");
            env.put("AGENTCRON_HOST", "127.0.0.1");
            env.put("AGENTCRON_DATA_DIR", data.toString());
            env.put("AGENTCRON_API_KEY", KEY);
            env.put("AGENTCRON_LETTA_BASE_URL", letta.baseUrl());
            env.put("AGENTCRON_ALLOWED_TARGET_HOSTS", "127.0.0.1");
            env.put("AGENTCRON_RETRY_BASE", "200ms");

            letta.hold(); // every delivery stays in flight until the gate opens
            Map<String, Integer> scheduleIndex = new HashMap<>();
            ServerProcess first = ServerProcess.start(env);
            Api api = new Api("http://127.0.0.1:" + first.port(), KEY);
            long start = Instant.now().toEpochMilli() + 1_000;
            for (int i = 0; i < SCHEDULES; i++) {
                // Half due within the first second, half a few seconds later, after the kill.
                long at = start + (i < SCHEDULES / 2 ? i * 40L : 6_000 + i * 40L);
                String body = """
                        {"messages":[{"role":"user","content":"occurrence %d"}],"schedule":{"scheduled_at":%d},"callback_url":"%s"}"""
                        .formatted(i, at, callbacks.url("/runs"));
                JsonNode created = api.post("/v1/agents/agent-" + i + "/schedule", body).body();
                scheduleIndex.put(created.get("id").asText(), i);
            }
            for (int i = 0; i < SCHEDULES / 4; i++) {
                assertThat(letta.next(20)).as("a delivery reached the agent before the kill").isNotNull();
            }

            first.kill();
            letta.open();

            try (ServerProcess second = ServerProcess.start(env)) {
                Set<String> finished = new HashSet<>();
                while (finished.size() < SCHEDULES) {
                    CallbackReceiver.Received callback = callbacks.next("/runs", 60);
                    assertThat(callback).as("callbacks so far: %s", finished.size()).isNotNull();
                    finished.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(callback.body()).at("/metadata/schedule_id").asText());
                }

                Map<Integer, Set<String>> runIdsByOccurrence = letta.all().stream().collect(Collectors.groupingBy(
                        r -> Integer.parseInt(r.body().at("/messages/0/content").asText().replace("occurrence ", "")),
                        Collectors.mapping(FakeLetta.Request::idempotencyKey, Collectors.toSet())));
                assertThat(runIdsByOccurrence).hasSize(SCHEDULES);
                assertThat(runIdsByOccurrence.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));

                Api after = new Api("http://127.0.0.1:" + second.port(), KEY);
                for (Map.Entry<String, Integer> schedule : scheduleIndex.entrySet()) {
                    JsonNode history = after.get("/v1/agents/agent-" + schedule.getValue() + "/schedule/" + schedule.getKey() + "/history").body();
                    List<JsonNode> runs = iterable(history.get("history"));
                    assertThat(runs).as("runs of occurrence %d", schedule.getValue()).singleElement().satisfies(run -> {
                        assertThat(run.get("status").asText()).isEqualTo("success");
                        assertThat(runIdsByOccurrence.get(schedule.getValue())).containsExactly(run.get("id").asText());
                    });
                }
                long repeated = letta.all().size() - SCHEDULES;
                assertThat(repeated).as("only deliveries in flight at the kill are repeated").isBetween((long) SCHEDULES / 4, (long) SCHEDULES / 2);
            }
        }
    }

    private static List<JsonNode> iterable(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).toList();
    }
}
