package dev.agentcron.api.oz;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The Oz face's response bodies, field for field as the Oz API documents them, plus agentcron's extensions. */
final class OzDtos {

    private OzDtos() {}

    /**
     * A scheduled agent. The seven required keys are always present; {@code last_spawn_error} and the history
     * times may be null; other optional members are omitted when absent. {@code overlap} is an extension.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ScheduledAgentItem(
            String id,
            String name,
            String cronSchedule,
            boolean enabled,
            String prompt,
            @JsonInclude(JsonInclude.Include.ALWAYS) String lastSpawnError,
            JsonNode agentConfig,
            String createdAt,
            String updatedAt,
            Creator createdBy,
            Creator updatedBy,
            History history,
            Scope scope,
            String agentUid,
            JsonNode metadata,
            String mode,
            String overlap) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record History(String lastRan, String nextRun) {}

    record Scope(String type, String uid) {}

    record Creator(String type, String uid) {}

    record DeleteResponse(boolean success) {}

    /**
     * A run. {@code output}, {@code attempt} and {@code scheduled_for} are extensions: what the agent answered,
     * how many delivery attempts it took, and the occurrence it stands for.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RunItem(
            String runId,
            String taskId,
            String title,
            String state,
            String prompt,
            String createdAt,
            String updatedAt,
            @JsonInclude(JsonInclude.Include.ALWAYS) String startedAt,
            StatusMessage statusMessage,
            String source,
            RunSchedule schedule,
            JsonNode agentConfig,
            Scope scope,
            String output,
            int attempt,
            String scheduledFor) {}

    record StatusMessage(String message) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RunSchedule(String scheduleId, String scheduleName, String cronSchedule) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ListRunsResponse(List<RunItem> runs, PageInfo pageInfo) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PageInfo(boolean hasNextPage, String nextCursor) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RunAgentResponse(String runId, String taskId, String state) {}
}
