package dev.agentcron.store;

import dev.agentcron.domain.AuditEntry;
import dev.agentcron.domain.ApiKeyRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.Audit;
import dev.agentcron.domain.Buckets;
import dev.agentcron.domain.JsonDocument;
import dev.agentcron.domain.LastRun;
import dev.agentcron.domain.Principal;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunFilter;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.RunSource;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleQuery;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.domain.ScheduleState;
import dev.agentcron.domain.Trigger;
import dev.agentcron.domain.cron.CronExpression;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

/** Maps domain values to columns and rows back to domain values; the one place that knows the encoding. */
final class Rows {

    private static final JsonDocument EMPTY = JsonDocument.of(JsonNodeFactory.instance.objectNode());

    private final ObjectMapper json;
    private final PolicyJson policies;

    Rows(ObjectMapper json) {
        this.json = json;
        this.policies = new PolicyJson(json);
    }

    Params scheduleParams(Schedule s) {
        Params p = Params.create()
                .with("id", s.id().value())
                .with("owner", s.owner().id())
                .with("kind", s.kind().wire())
                .with("agent_id", s.agentId())
                .with("bucket", Buckets.of(s))
                .with("name", s.name())
                .with("payload", s.payload().json())
                .with("callback_url", s.callbackUrl())
                .with("policies", policies.write(s.policies()))
                .with("state", s.state().wire())
                .with("next_fire_at", s.nextFireAt())
                .with("version", s.version())
                .with("last_ran_at", s.lastRun().ranAt())
                .with("last_spawn_error", s.lastRun().spawnError())
                .with("failures_in_a_row", s.lastRun().failuresInARow())
                .with("paused_reason", s.lastRun().pausedReason())
                .with("created_by", s.audit().createdBy())
                .with("updated_by", s.audit().updatedBy())
                .with("created_at", s.audit().createdAt())
                .with("updated_at", s.audit().updatedAt());
        return switch (s.trigger()) {
            case Trigger.At at -> p.with("trigger_type", "at")
                    .with("trigger_spec", Long.toString(at.at().toEpochMilli()))
                    .with("trigger_zone", "UTC")
                    .with("trigger_anchor", (Instant) null)
                    .with("trigger_end", (Instant) null);
            case Trigger.Cron cron -> p.with("trigger_type", "cron")
                    .with("trigger_spec", cron.expression().text())
                    .with("trigger_zone", cron.zone().getId())
                    .with("trigger_anchor", cron.startAt())
                    .with("trigger_end", cron.endAt());
            case Trigger.Every every -> p.with("trigger_type", "every")
                    .with("trigger_spec", Long.toString(every.interval().toMillis()))
                    .with("trigger_zone", "UTC")
                    .with("trigger_anchor", every.anchor())
                    .with("trigger_end", every.endAt());
        };
    }

    /** Completes a schedule row read without its payload. */
    interface PayloadFree {
        Schedule with(String payload) throws SQLException;
    }

    /** A schedule row read without its payload, to be completed with it. */
    record Narrow(String id, PayloadFree row) {
        Schedule with(String payload) throws SQLException {
            return row.with(payload);
        }
    }

    Narrow narrow(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        Schedule template = schedule(rs, EMPTY);
        return new Narrow(id, payload -> template.withPayload(readObject(payload)));
    }

    Schedule schedule(ResultSet rs) throws SQLException {
        return schedule(rs, readObject(rs.getString("payload")));
    }

    private Schedule schedule(ResultSet rs, JsonDocument payload) throws SQLException {
        return new Schedule(
                new ScheduleId(rs.getString("id")),
                new Principal(rs.getString("owner")),
                ScheduleKind.fromWire(rs.getString("kind")),
                rs.getString("agent_id"),
                rs.getString("name"),
                trigger(rs),
                payload,
                rs.getString("callback_url"),
                policies.readPolicies(rs.getString("policies")),
                ScheduleState.fromWire(rs.getString("state")),
                instant(rs, "next_fire_at"),
                rs.getLong("version"),
                new LastRun(instant(rs, "last_ran_at"), rs.getString("last_spawn_error"), rs.getInt("failures_in_a_row"),
                        rs.getString("paused_reason")),
                new Audit(rs.getString("created_by"), instant(rs, "created_at"), rs.getString("updated_by"),
                        instant(rs, "updated_at")));
    }

    private static Trigger trigger(ResultSet rs) throws SQLException {
        String spec = rs.getString("trigger_spec");
        return switch (rs.getString("trigger_type")) {
            case "at" -> new Trigger.At(Instant.ofEpochMilli(Long.parseLong(spec)));
            case "cron" -> new Trigger.Cron(CronExpression.parse(spec), ZoneId.of(rs.getString("trigger_zone")),
                    instant(rs, "trigger_anchor"), instant(rs, "trigger_end"));
            case "every" -> new Trigger.Every(Duration.ofMillis(Long.parseLong(spec)), instant(rs, "trigger_anchor"),
                    instant(rs, "trigger_end"));
            default -> throw new SQLException("unknown trigger_type " + rs.getString("trigger_type"));
        };
    }

    /** A run's columns; the caller adds {@code fired_by}. */
    Params runParams(Run run) {
        return Params.create()
                .with("id", run.id().value())
                .with("schedule_id", run.scheduleId() == null ? null : run.scheduleId().value())
                .with("owner", run.owner().id())
                .with("kind", run.kind().wire())
                .with("agent_id", run.agentId())
                .with("bucket", Buckets.of(run))
                .with("source", run.source().wire())
                .with("lane", run.lane())
                .with("due_at", run.dueAt())
                .with("state", run.state().wire())
                .with("input", run.input().json())
                .with("callback_url", run.callbackUrl())
                .with("policy", policies.write(run.policy()))
                .with("created_at", run.times().createdAt())
                .with("finished_at", run.times().finishedAt())
                .with("lateness_ms", run.times().lateness() == null ? null : run.times().lateness().toMillis())
                .with("error", run.error());
    }

    /** The filters of a runs query; the caller adds {@code owners}. */
    static Params filterParams(RunFilter q) {
        return Params.create()
                .with("schedule_id", q.scheduleId() == null ? null : q.scheduleId().value())
                .with("any_state", q.states().isEmpty())
                .with("states", q.states().stream().map(RunState::wire).toList())
                .with("any_source", q.sources().isEmpty())
                .with("sources", q.sources().stream().map(RunSource::wire).toList())
                .with("created_after", q.createdAfter())
                .with("created_before", q.createdBefore())
                .with("min_lateness_ms", q.minLateness() == null ? null : q.minLateness().toMillis())
                .with("cursor_at", q.before() == null ? null : q.before().createdAt())
                .with("cursor_id", q.before() == null ? null : q.before().id())
                .with("limit", q.limit());
    }

    /** The filters of a schedules query; the caller adds {@code owners}. */
    static Params queryParams(ScheduleQuery q) {
        return Params.create()
                .with("kind", q.kind() == null ? null : q.kind().wire())
                .with("state", q.state() == null ? null : q.state().wire())
                .with("agent_id", q.agentId())
                .with("text", q.text() == null ? null : "%" + q.text().toLowerCase(Locale.ROOT)
                        .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%")
                .with("last_run_state", q.lastRunState() == null ? null : q.lastRunState().wire())
                .with("after_key", q.after() == null ? null : q.after().nextFireAt())
                .with("after_id", q.after() == null ? null : q.after().id())
                .with("limit", q.limit());
    }

    /** The {@code pending_runs} row of an unfinished run. */
    static Params pendingParams(Run run) {
        return Params.create()
                .with("id", run.id().value())
                .with("schedule_id", run.scheduleId() == null ? null : run.scheduleId().value())
                .with("bucket", Buckets.of(run))
                .with("due_at", run.dueAt());
    }

    Run run(ResultSet rs) throws SQLException {
        String callbackState = rs.getString("callback_state");
        Run.CallbackStatus callback = callbackState == null ? null : new Run.CallbackStatus(
                callbackState,
                rs.getInt("callback_attempts"),
                nullableInt(rs, "callback_last_status"),
                rs.getString("callback_last_error"),
                instant(rs, "callback_delivered_at"));
        long lateness = rs.getLong("lateness_ms");
        Duration latenessValue = rs.wasNull() ? null : Duration.ofMillis(lateness);
        String scheduleId = rs.getString("schedule_id");
        return new Run(
                new RunId(rs.getString("id")),
                scheduleId == null ? null : new ScheduleId(scheduleId),
                new Principal(rs.getString("owner")),
                ScheduleKind.fromWire(rs.getString("kind")),
                rs.getString("agent_id"),
                RunSource.fromWire(rs.getString("source")),
                rs.getString("lane"),
                instant(rs, "due_at"),
                RunState.fromWire(rs.getString("state")),
                rs.getInt("attempt"),
                readObject(rs.getString("input")),
                rs.getString("callback_url"),
                policies.readRunPolicy(rs.getString("policy")),
                new Run.Times(instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "started_at"),
                        instant(rs, "finished_at"), latenessValue),
                rs.getString("response"),
                rs.getString("error"),
                callback);
    }

    CallbackRecord callback(ResultSet rs) throws SQLException {
        return new CallbackRecord(
                rs.getString("id"),
                new RunId(rs.getString("run_id")),
                rs.getString("url"),
                rs.getString("body"),
                rs.getInt("attempts"),
                instant(rs, "next_attempt_at"));
    }

    ApiKeyRecord apiKey(ResultSet rs) throws SQLException {
        return new ApiKeyRecord(
                rs.getString("id"), rs.getString("principal"), rs.getString("name"), rs.getString("key_hash"),
                rs.getString("role"), rs.getString("teams"), rs.getString("agents"), instant(rs, "created_at"),
                instant(rs, "expires_at"), instant(rs, "last_used_at"), instant(rs, "revoked_at"));
    }

    AuditEntry audit(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getString("id"), instant(rs, "at"), rs.getString("actor"), rs.getString("key_id"),
                rs.getString("action"), rs.getString("target"), rs.getString("detail"));
    }

    IdempotencyRecord idempotency(ResultSet rs) throws SQLException {
        return new IdempotencyRecord(
                new Principal(rs.getString("owner")), rs.getString("key"), rs.getString("request_hash"),
                new ScheduleId(rs.getString("schedule_id")), instant(rs, "created_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private JsonDocument readObject(String text) throws SQLException {
        try {
            return JsonDocument.of((ObjectNode) json.readTree(text));
        } catch (JsonProcessingException | ClassCastException e) {
            throw new SQLException("stored JSON is not an object", e);
        }
    }
}
