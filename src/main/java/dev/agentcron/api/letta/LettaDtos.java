package dev.agentcron.api.letta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The Letta face's response bodies, field for field as Letta's API documents them. */
final class LettaDtos {

    private LettaDtos() {}

    /** 201 body of create. The Cloud fields appear only when the request sent them. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CreateResponse(String id, String nextScheduledAt, Boolean useSandbox, String targetDeviceId) {}

    /**
     * A scheduled message. {@code next_scheduled_time} is always present (null allowed); optional fields are
     * omitted rather than null, because the TypeScript SDK types them as non-nullable.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ScheduledMessage(
            String id,
            String agentId,
            JsonNode message,
            @JsonInclude(JsonInclude.Include.ALWAYS) String nextScheduledTime,
            JsonNode schedule,
            String name,
            String description,
            String conversationId,
            Boolean useSandbox,
            String targetDeviceId,
            String createdAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ListResponse(List<JsonNode> scheduledMessages, boolean hasNextPage) {}

    record DeleteResponse(boolean success) {}

    /**
     * One fire, as Letta Cloud's history route shows it ({@code id, scheduled_message_id, status, response,
     * run_id, sent_at}), plus agentcron's own detail: state, attempt, due time, lateness, error, callback.
     * {@code status} is {@code success}, {@code failed}, or {@code pending} while a delivery is in flight.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record HistoryEntry(
            String id,
            String scheduledMessageId,
            String status,
            JsonNode response,
            String runId,
            String sentAt,
            String state,
            int attempt,
            String scheduledFor,
            Long latenessMs,
            String error,
            Callback callback) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Callback(String status, int attempts, Integer lastStatusCode, String lastError, String deliveredAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record HistoryResponse(List<HistoryEntry> history, boolean hasNextPage, Integer nextOffset) {}
}
