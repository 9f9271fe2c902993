package dev.agentcron.api.letta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentcron.api.ApiKeyAuth;
import dev.agentcron.api.FaceErrors;
import dev.agentcron.api.QueryParams;
import dev.agentcron.api.RequestBody;
import dev.agentcron.api.RouteGroup;
import dev.agentcron.domain.Caller;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.service.Idempotency;
import dev.agentcron.service.NewSchedule;
import dev.agentcron.service.Page;
import dev.agentcron.service.ScheduleService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;

/** Letta's scheduled-messages API, route for route: {@code /v1/agents/{agent_id}/schedule...}. */
public final class LettaRoutes implements RouteGroup {

    private static final String BASE = "/v1/agents/{agent_id}/schedule";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final ScheduleService schedules;
    private final ObjectMapper json;
    private final LettaMapper mapper;
    private final LettaErrors errors = new LettaErrors();

    public LettaRoutes(ScheduleService schedules, ObjectMapper json) {
        this.schedules = schedules;
        this.json = json;
        this.mapper = new LettaMapper(json);
    }

    @Override
    public FaceErrors errors() {
        return errors;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(BASE, this::create);
        routes.get(BASE, this::list);
        routes.get(BASE + "/{id}", this::retrieve);
        routes.delete(BASE + "/{id}", this::delete);
        routes.get(BASE + "/{id}/history", this::history);
    }

    private void create(Context ctx) {
        Caller owner = ApiKeyAuth.caller(ctx);
        String agentId = LettaRequests.agentId(ctx.pathParam("agent_id"));
        byte[] raw = ctx.bodyAsBytes();
        NewSchedule request = LettaRequests.create(agentId, RequestBody.object(json, raw, false));
        String key = ctx.header("Idempotency-Key");
        Idempotency idempotency = key == null ? null
                : new Idempotency(key, RequestBody.hash((agentId + "\n" + new String(raw, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        ScheduleService.Created created = schedules.create(owner, request, "scheduled_message-", idempotency);
        ctx.status(201).json(mapper.createResponse(created.schedule()));
    }

    private void list(Context ctx) {
        Caller owner = ApiKeyAuth.caller(ctx);
        String agentId = LettaRequests.agentId(ctx.pathParam("agent_id"));
        int limit = QueryParams.integer(ctx.queryParam("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Page<Schedule> page = schedules.listForAgent(owner, agentId, ctx.queryParam("after"), limit);
        ctx.json(new LettaDtos.ListResponse(page.items().stream().map(s -> (JsonNode) mapper.scheduledMessageJson(s)).toList(), page.hasMore()));
    }

    private void retrieve(Context ctx) {
        Schedule schedule = schedules.get(ApiKeyAuth.caller(ctx), ScheduleKind.LETTA_MESSAGE,
                LettaRequests.agentId(ctx.pathParam("agent_id")), id(ctx));
        ctx.json(mapper.scheduledMessageJson(schedule));
    }

    private void delete(Context ctx) {
        // The TypeScript SDK sends {} with a JSON content type, the Python SDK no body: neither is read.
        schedules.delete(ApiKeyAuth.caller(ctx), ScheduleKind.LETTA_MESSAGE, LettaRequests.agentId(ctx.pathParam("agent_id")), id(ctx));
        ctx.json(new LettaDtos.DeleteResponse(true));
    }

    private void history(Context ctx) {
        int limit = QueryParams.integer(ctx.queryParam("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = QueryParams.integer(ctx.queryParam("offset"), "offset", 0, 0, Integer.MAX_VALUE);
        Page<Run> page = schedules.history(ApiKeyAuth.caller(ctx), LettaRequests.agentId(ctx.pathParam("agent_id")),
                id(ctx), offset, limit);
        ctx.json(new LettaDtos.HistoryResponse(page.items().stream().map(mapper::historyEntry).toList(), page.hasMore(),
                page.hasMore() ? offset + limit : null));
    }

    private static ScheduleId id(Context ctx) {
        return new ScheduleId(ctx.pathParam("id"));
    }
}
