package dev.agentcron.api.nativeapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.api.ApiKeyAuth;
import dev.agentcron.api.Cursor;
import dev.agentcron.api.QueryParams;
import dev.agentcron.api.RequestBody;
import dev.agentcron.api.RouteGroup;
import dev.agentcron.api.ScheduleOptions;
import dev.agentcron.domain.Caller;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunFilter;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.RunState;
import dev.agentcron.domain.RunSummary;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.domain.ScheduleQuery;
import dev.agentcron.domain.ScheduleState;
import dev.agentcron.domain.WireTime;
import dev.agentcron.service.Page;
import dev.agentcron.service.RunService;
import dev.agentcron.service.ScheduleService;
import dev.agentcron.service.ServiceException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every schedule and run a caller may see, whichever face made them: {@code GET /v1/schedules} (soonest next
 * fire first, keyset pages, search and filters), {@code GET /v1/runs} (newest first), and {@code GET
 * /v1/overview}, what an operator looks at first: how the runs of the last hour and day ended and how late they
 * started, the soonest fires, and the paused schedules with why. No count of the whole table is ever made.
 */
public final class ListingRoutes implements RouteGroup {

    /** How many of a schedule's last runs {@code include=recent_runs} shows. */
    static final int RECENT = 10;
    static final int UPCOMING = 20;
    static final int PAUSED = 50;

    private final ScheduleService schedules;
    private final RunService runs;
    private final ObjectMapper json;
    private final NativeViews views;

    public ListingRoutes(ScheduleService schedules, RunService runs, ObjectMapper json) {
        this.schedules = schedules;
        this.runs = runs;
        this.json = json;
        this.views = new NativeViews(json);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/v1/schedules", this::schedules);
        routes.get("/v1/runs", this::runs);
        routes.get("/v1/overview", this::overview);
        routes.get("/v1/runs/{id}", ctx -> ctx.json(views.run(runs.get(ApiKeyAuth.caller(ctx), new RunId(ctx.pathParam("id"))))));
    }

    /** {@code ?q=&face=letta|oz&state=active|paused&agent_id=&last_run_state=&include=recent_runs&limit=&cursor=}. */
    private void schedules(Context ctx) {
        Caller caller = ApiKeyAuth.caller(ctx);
        int limit = QueryParams.integer(ctx.queryParam("limit"), "limit", 50, 1, 500);
        String text = ctx.queryParam("q");
        if (text != null && (text.isBlank() || text.length() > 200)) {
            throw new ServiceException.InvalidInput("q", "must be 1-200 characters");
        }
        Cursor cursor = Cursor.decode(ctx.queryParam("cursor"));
        ScheduleQuery query = new ScheduleQuery(caller.owners(), text, face(ctx.queryParam("face")), state(ctx.queryParam("state")),
                agent(ctx.queryParam("agent_id")), runState(ctx.queryParam("last_run_state"), "last_run_state"),
                cursor == null ? null : new ScheduleQuery.After(cursor.key(), cursor.id()), limit);
        boolean recent = recentRunsWanted(ctx.queryParam("include"));
        Page<Schedule> page = schedules.search(caller, query);
        Map<ScheduleId, List<RunState>> history = recent ? runs.recentStates(page.items(), RECENT) : Map.of();
        ArrayNode items = json.createArrayNode();
        for (Schedule s : page.items()) {
            ObjectNode item = views.schedule(s);
            if (recent) {
                ArrayNode states = item.putArray("recent_runs");
                history.getOrDefault(s.id(), List.of()).forEach(state -> states.add(state.wire()));
            }
            items.add(item);
        }
        ObjectNode out = json.createObjectNode();
        out.set("schedules", items);
        ScheduleQuery.After last = page.hasMore() ? ScheduleQuery.After.of(page.items().getLast()) : null;
        out.put("next_cursor", last == null ? null : new Cursor(last.nextFireAt(), last.id()).encode());
        ctx.json(out);
    }

    /** {@code ?schedule_id=&state=&created_after=&created_before=&min_lateness_ms=&limit=&cursor=}. */
    private void runs(Context ctx) {
        Caller caller = ApiKeyAuth.caller(ctx);
        int limit = QueryParams.integer(ctx.queryParam("limit"), "limit", 50, 1, 500);
        String scheduleId = ctx.queryParam("schedule_id");
        RunState state = runState(ctx.queryParam("state"), "state");
        String minLateness = ctx.queryParam("min_lateness_ms");
        Cursor cursor = Cursor.decode(ctx.queryParam("cursor"));
        RunFilter filter = new RunFilter(caller.owners(), scheduleId == null || scheduleId.isEmpty() ? null : new ScheduleId(scheduleId),
                state == null ? Set.of() : EnumSet.of(state), Set.of(), instant(ctx.queryParam("created_after"), "created_after"),
                instant(ctx.queryParam("created_before"), "created_before"),
                minLateness == null ? null : Duration.ofMillis(QueryParams.integer(minLateness, "min_lateness_ms", 0, 0, Integer.MAX_VALUE)),
                cursor == null ? null : new RunFilter.Cursor(instantOf(cursor.key()), cursor.id()), limit);
        Page<Run> page = runs.list(filter);
        ArrayNode items = json.createArrayNode();
        page.items().forEach(r -> items.add(views.run(r)));
        ObjectNode out = json.createObjectNode();
        out.set("runs", items);
        Run last = page.hasMore() ? page.items().getLast() : null;
        out.put("next_cursor", last == null ? null : new Cursor(last.times().createdAt().toEpochMilli(), last.id().value()).encode());
        ctx.json(out);
    }

    private void overview(Context ctx) {
        Caller caller = ApiKeyAuth.caller(ctx);
        ObjectNode out = json.createObjectNode();
        out.set("last_hour", summary(runs.summary(caller, Duration.ofHours(1))));
        out.set("last_day", summary(runs.summary(caller, Duration.ofDays(1))));
        out.set("upcoming", soonest(caller, ScheduleState.ACTIVE, UPCOMING));
        out.set("paused", soonest(caller, ScheduleState.PAUSED, PAUSED));
        ctx.json(out);
    }

    private ObjectNode summary(RunSummary summary) {
        ObjectNode out = json.createObjectNode();
        out.put("runs", summary.total());
        ObjectNode states = out.putObject("by_state");
        for (RunState state : RunState.values()) {
            states.put(state.wire(), summary.count(state));
        }
        out.put("failed", summary.count(RunState.FAILED) + summary.count(RunState.ERROR));
        ObjectNode lateness = out.putObject("lateness_ms");
        lateness.put("p50", millis(summary.latenessP50()));
        lateness.put("p95", millis(summary.latenessP95()));
        lateness.put("p99", millis(summary.latenessP99()));
        return out;
    }

    private ArrayNode soonest(Caller caller, ScheduleState state, int limit) {
        ArrayNode items = json.createArrayNode();
        schedules.search(caller, new ScheduleQuery(caller.owners(), null, null, state, null, null, null, limit)).items()
                .forEach(s -> items.add(views.schedule(s)));
        return items;
    }

    private static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }

    private static boolean recentRunsWanted(String include) {
        if (include == null || include.isEmpty()) {
            return false;
        }
        if (!include.equals("recent_runs")) {
            throw new ServiceException.InvalidInput("include", "may only be recent_runs, got " + RequestBody.quote(include));
        }
        return true;
    }

    private static Instant instantOf(long millis) {
        try {
            return WireTime.inRange(Instant.ofEpochMilli(millis));
        } catch (IllegalArgumentException e) {
            throw new ServiceException.InvalidInput("cursor", "is not a cursor this server gave out");
        }
    }

    private static Instant instant(String value, String name) {
        return value == null || value.isEmpty() ? null : ScheduleOptions.instant(value, name);
    }

    private static ScheduleKind face(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "letta" -> ScheduleKind.LETTA_MESSAGE;
            case "oz" -> ScheduleKind.AGENT_RUN;
            default -> throw new ServiceException.InvalidInput("face", "must be letta or oz, got " + RequestBody.quote(value));
        };
    }

    private static ScheduleState state(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "active" -> ScheduleState.ACTIVE;
            case "paused" -> ScheduleState.PAUSED;
            default -> throw new ServiceException.InvalidInput("state", "must be active or paused, got " + RequestBody.quote(value));
        };
    }

    private static String agent(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static RunState runState(String value, String name) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        for (RunState state : RunState.values()) {
            if (state.wire().equals(value.toLowerCase(Locale.ROOT))) {
                return state;
            }
        }
        throw new ServiceException.InvalidInput(name, "must be one of pending, running, succeeded, failed, error, cancelled, skipped, "
                + "missed, got " + RequestBody.quote(value));
    }
}
