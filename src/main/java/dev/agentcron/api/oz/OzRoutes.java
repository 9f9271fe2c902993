package dev.agentcron.api.oz;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentcron.api.ApiKeyAuth;
import dev.agentcron.api.Cursor;
import dev.agentcron.api.FaceErrors;
import dev.agentcron.api.QueryParams;
import dev.agentcron.api.RequestBody;
import dev.agentcron.api.RouteGroup;
import dev.agentcron.api.ScheduleOptions;
import dev.agentcron.domain.Caller;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunFilter;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.RunSource;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.domain.WireTime;
import dev.agentcron.service.Idempotency;
import dev.agentcron.service.Page;
import dev.agentcron.service.RunService;
import dev.agentcron.service.ScheduleService;
import dev.agentcron.service.ServiceException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Scheduled agents and their runs, route for route as the Oz API has them under {@code /api/v1/agent}, plus
 * {@code POST /api/v1/agent/schedules/{id}/run} ("run now", an extension).
 */
public final class OzRoutes implements RouteGroup {

    private static final String SCHEDULES = "/api/v1/agent/schedules";
    private static final String RUNS = "/api/v1/agent/runs";
    private static final String PREFIX = "sch-";

    private final ScheduleService schedules;
    private final RunService runs;
    private final ObjectMapper json;
    private final OzErrors errors = new OzErrors();

    public OzRoutes(ScheduleService schedules, RunService runs, ObjectMapper json) {
        this.schedules = schedules;
        this.runs = runs;
        this.json = json;
    }

    @Override
    public FaceErrors errors() {
        return errors;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(SCHEDULES, this::list);
        routes.post(SCHEDULES, this::create);
        routes.get(SCHEDULES + "/{id}", this::retrieve);
        routes.put(SCHEDULES + "/{id}", this::update);
        routes.delete(SCHEDULES + "/{id}", this::delete);
        routes.post(SCHEDULES + "/{id}/pause", this::pause);
        routes.post(SCHEDULES + "/{id}/resume", this::resume);
        routes.post(SCHEDULES + "/{id}/run", this::runNow);
        routes.post(SCHEDULES + "/{id}/skip-next", this::skipNext);
        routes.get(RUNS, this::listRuns);
        routes.get(RUNS + "/{runId}", this::retrieveRun);
        routes.post(RUNS + "/{runId}/cancel", this::cancelRun);
        routes.post("/api/v1/agent/run", this::startRun);
        routes.post(RUNS, this::startRun);
    }

    private void list(Context ctx) {
        List<Schedule> all = schedules.listByName(ApiKeyAuth.caller(ctx), ScheduleKind.AGENT_RUN);
        var list = json.createObjectNode();
        var array = list.putArray("schedules");
        all.forEach(s -> array.add(OzMapper.itemJson(s, json)));
        ctx.json(list);
    }

    private void create(Context ctx) {
        byte[] raw = ctx.bodyAsBytes();
        var request = OzRequests.create(RequestBody.object(json, raw, false));
        String key = ctx.header("Idempotency-Key");
        Idempotency idempotency = key == null ? null : new Idempotency(key, RequestBody.hash(raw));
        ScheduleService.Created created = schedules.create(ApiKeyAuth.caller(ctx), request, PREFIX, idempotency);
        ctx.status(201).json(OzMapper.itemJson(created.schedule(), json));
    }

    private void retrieve(Context ctx) {
        ctx.json(OzMapper.itemJson(schedules.get(ApiKeyAuth.caller(ctx), ScheduleKind.AGENT_RUN, null, id(ctx)), json));
    }

    private void update(Context ctx) {
        var edit = OzRequests.update(RequestBody.object(json, ctx.bodyAsBytes(), false));
        ctx.json(OzMapper.itemJson(schedules.update(ApiKeyAuth.caller(ctx), ScheduleKind.AGENT_RUN, id(ctx), edit), json));
    }

    private void delete(Context ctx) {
        schedules.delete(ApiKeyAuth.caller(ctx), ScheduleKind.AGENT_RUN, null, id(ctx));
        ctx.json(new OzDtos.DeleteResponse(true));
    }

    private void pause(Context ctx) {
        ctx.json(OzMapper.itemJson(schedules.pause(ApiKeyAuth.caller(ctx), ScheduleKind.AGENT_RUN, id(ctx)), json));
    }

    private void resume(Context ctx) {
        ctx.json(OzMapper.itemJson(schedules.resume(ApiKeyAuth.caller(ctx), ScheduleKind.AGENT_RUN, id(ctx)), json));
    }

    private void skipNext(Context ctx) {
        ctx.json(OzMapper.itemJson(schedules.skipNext(ApiKeyAuth.caller(ctx), ScheduleKind.AGENT_RUN, id(ctx)), json));
    }

    private void runNow(Context ctx) {
        Run run = runs.runNow(ApiKeyAuth.caller(ctx), ScheduleKind.AGENT_RUN, id(ctx));
        ctx.json(new OzDtos.RunAgentResponse(run.id().value(), run.id().value(), OzMapper.state(run.state())));
    }

    private void startRun(Context ctx) {
        Run run = runs.start(ApiKeyAuth.caller(ctx), OzRequests.run(RequestBody.object(json, ctx.bodyAsBytes(), false)));
        ctx.json(new OzDtos.RunAgentResponse(run.id().value(), run.id().value(), OzMapper.state(run.state())));
    }

    private void listRuns(Context ctx) {
        Caller owner = ApiKeyAuth.caller(ctx);
        int limit = QueryParams.integer(ctx.queryParam("limit"), "limit", 20, 1, 500);
        String scheduleId = ctx.queryParam("schedule_id");
        Set<RunState> states = states(ctx.queryParams("state"));
        Set<RunSource> sources = sources(ctx.queryParam("source"));
        if (states == null || sources == null) {
            ctx.json(new OzDtos.ListRunsResponse(List.of(), new OzDtos.PageInfo(false, null)));
            return;
        }
        RunFilter query = new RunFilter(owner.owners(),
                scheduleId == null || scheduleId.isEmpty() ? null : new ScheduleId(scheduleId), states, sources,
                time(ctx.queryParam("created_after"), "created_after"), time(ctx.queryParam("created_before"), "created_before"),
                null, cursor(ctx.queryParam("cursor")), limit);
        Page<Run> page = runs.list(query);
        String next = page.hasMore() ? cursorOf(page.items().getLast()) : null;
        ctx.json(new OzDtos.ListRunsResponse(page.items().stream().map(OzMapper::run).toList(), new OzDtos.PageInfo(page.hasMore(), next)));
    }

    private void retrieveRun(Context ctx) {
        ctx.json(OzMapper.run(runs.get(ApiKeyAuth.caller(ctx), new RunId(ctx.pathParam("runId")))));
    }

    private void cancelRun(Context ctx) {
        Run run = runs.cancel(ApiKeyAuth.caller(ctx), new RunId(ctx.pathParam("runId")));
        ctx.contentType("application/json").result(write(run.id().value()));
    }

    private static ScheduleId id(Context ctx) {
        return new ScheduleId(ctx.pathParam("id"));
    }

    private static Set<RunState> states(List<String> values) {
        Set<RunState> states = EnumSet.noneOf(RunState.class);
        boolean anyKnown = false;
        for (String value : values) {
            for (String one : value.split(",")) {
                Set<RunState> mapped = OzMapper.states(one.trim());
                if (mapped == null) {
                    throw new ServiceException.InvalidInput("state", "must be one of QUEUED, PENDING, CLAIMED, INPROGRESS, "
                            + "SUCCEEDED, FAILED, BLOCKED, ERROR, CANCELLED, got " + RequestBody.quote(one));
                }
                states.addAll(mapped);
                anyKnown = true;
            }
        }
        // A filter naming only states no run here has (BLOCKED) matches nothing; null says so.
        return anyKnown && states.isEmpty() ? null : states;
    }

    /** The sources a filter stands for; empty for no filter, null for a source no run here has. */
    private static Set<RunSource> sources(String value) {
        if (value == null || value.isEmpty()) {
            return Set.of();
        }
        Set<RunSource> sources = OzMapper.sources(value);
        if (sources == null) {
            throw new ServiceException.InvalidInput("source", "is not a run source: \"" + value + "\"");
        }
        return sources.isEmpty() ? null : sources;
    }

    private static Instant time(String value, String name) {
        return value == null || value.isEmpty() ? null : ScheduleOptions.instant(value, name);
    }

    /** The runs cursor: after the run created at {@code key} (epoch ms) with {@code id}. */
    static RunFilter.Cursor cursor(String value) {
        Cursor cursor = Cursor.decode(value);
        if (cursor == null) {
            return null;
        }
        try {
            return new RunFilter.Cursor(WireTime.inRange(Instant.ofEpochMilli(cursor.key())), cursor.id());
        } catch (IllegalArgumentException e) {
            throw new ServiceException.InvalidInput("cursor", "is not a cursor this server gave out");
        }
    }

    static String cursorOf(Run run) {
        return new Cursor(run.times().createdAt().toEpochMilli(), run.id().value()).encode();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a response", e);
        }
    }
}
