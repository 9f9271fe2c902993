package dev.agentcron.api.nativeapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.api.ApiKeyAuth;
import dev.agentcron.api.RequestBody;
import dev.agentcron.api.RouteGroup;
import dev.agentcron.api.ScheduleOptions;
import dev.agentcron.domain.DurationText;
import dev.agentcron.domain.NaturalTrigger;
import dev.agentcron.domain.Preview;
import dev.agentcron.domain.Run;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.Trigger;
import dev.agentcron.domain.WireTime;
import dev.agentcron.service.PreviewService;
import dev.agentcron.service.RunService;
import dev.agentcron.service.ScheduleService;
import dev.agentcron.service.ServiceException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * {@code /v1/schedules/...}: preview a trigger, read one written in words, and act on any schedule by id
 * (pause, resume, run now, skip the next occurrence), whichever face made it: the services are asked with
 * no kind, which means any. And {@code POST /v1/runs/{id}/callback/resend}: send a run's callback again.
 */
public final class NativeRoutes implements RouteGroup {

    private static final String BASE = "/v1/schedules";
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final PreviewService previews;
    private final ScheduleService schedules;
    private final RunService runs;
    private final ObjectMapper json;
    private final NativeViews views;

    public NativeRoutes(PreviewService previews, ScheduleService schedules, RunService runs, ObjectMapper json) {
        this.previews = previews;
        this.schedules = schedules;
        this.runs = runs;
        this.json = json;
        this.views = new NativeViews(json);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(BASE + "/preview", this::preview);
        routes.post(BASE + "/parse", this::parse);
        routes.get(BASE + "/{id}", this::retrieve);
        routes.delete(BASE + "/{id}", ctx -> {
            schedules.delete(ApiKeyAuth.caller(ctx), null, null, id(ctx));
            ctx.json(json.createObjectNode().put("deleted", true));
        });
        routes.post(BASE + "/{id}/pause", this::pause);
        routes.post(BASE + "/{id}/resume", ctx -> ctx.json(views.schedule(schedules.resume(ApiKeyAuth.caller(ctx), null, id(ctx)))));
        routes.post(BASE + "/{id}/skip-next", ctx -> ctx.json(views.schedule(schedules.skipNext(ApiKeyAuth.caller(ctx), null, id(ctx)))));
        routes.post(BASE + "/{id}/run", this::runNow);
        routes.post("/v1/runs/{id}/callback/resend",
                ctx -> ctx.json(views.run(runs.resendCallback(ApiKeyAuth.caller(ctx), new RunId(ctx.pathParam("id"))))));
    }

    /** {@code {cron | every, timezone, start_at, end_at, from, count}} to the next fires, described, with DST notes. */
    private void preview(Context ctx) {
        ObjectNode body = RequestBody.object(json, ctx.bodyAsBytes(), false);
        int count = body.has("count") ? (int) RequestBody.wholeNumber(body.get("count"), "count", 1, PreviewService.MAX_COUNT) : 10;
        Trigger trigger;
        if (body.hasNonNull("cron")) {
            trigger = ScheduleOptions.recurring(RequestBody.text(body.get("cron"), "cron", 256), "cron", body, "");
        } else if (body.hasNonNull("every")) {
            trigger = ScheduleOptions.recurring("@every " + RequestBody.text(body.get("every"), "every", 32), "every", body, "");
        } else {
            throw new ServiceException.InvalidInput("cron", "is required (or every)");
        }
        ctx.json(render(trigger, null, previews.preview(trigger, ScheduleOptions.time(body, "from", ""), count)));
    }

    /** {@code {text, timezone}} to the trigger it means, for confirmation, with its next fires. */
    private void parse(Context ctx) {
        ObjectNode body = RequestBody.object(json, ctx.bodyAsBytes(), false);
        String text = RequestBody.text(RequestBody.required(body, "text", "text"), "text", 200);
        ZoneId zone = ScheduleOptions.zone(body, "");
        NaturalTrigger.Parsed parsed = previews.parse(text, zone);
        ctx.json(render(parsed.trigger(), zone, previews.preview(parsed.trigger(), null, 5)));
    }

    private ObjectNode render(Trigger trigger, ZoneId zone, Preview.Result result) {
        ObjectNode out = json.createObjectNode();
        ObjectNode t = out.putObject("trigger");
        switch (trigger) {
            case Trigger.Cron cron -> t.put("cron", cron.expression().text()).put("timezone", cron.zone().getId());
            case Trigger.Every every -> t.put("every", DurationText.format(every.interval()));
            case Trigger.At at -> t.put("at", WireTime.format(at.at())).put("scheduled_at", at.at().toEpochMilli());
        }
        ScheduleOptions.writeTrigger(t, trigger);
        out.put("description", Preview.describe(trigger));
        ArrayNode next = out.putArray("next");
        for (Preview.Fire fire : result.fires()) {
            ObjectNode f = next.addObject();
            f.put("at", WireTime.format(fire.at()));
            f.put("local", LOCAL.format((zone != null ? fire.at().atZone(zone) : fire.local())));
            if (fire.note() != null) {
                f.put("note", fire.note());
            }
        }
        ArrayNode changes = out.putArray("clock_changes");
        result.clockChanges().forEach(changes::add);
        return out;
    }

    private void retrieve(Context ctx) {
        ctx.json(views.schedule(schedules.get(ApiKeyAuth.caller(ctx), null, null, id(ctx))));
    }

    /** An optional body {@code {reason}}: shown with the schedule until it is resumed. */
    private void pause(Context ctx) {
        ObjectNode body = RequestBody.object(json, ctx.bodyAsBytes(), true);
        String reason = RequestBody.optionalText(body, "reason", "reason", 500);
        ctx.json(views.schedule(schedules.pause(ApiKeyAuth.caller(ctx), null, id(ctx), reason == null || reason.isBlank() ? null : reason.strip())));
    }

    private void runNow(Context ctx) {
        Run run = runs.runNow(ApiKeyAuth.caller(ctx), null, id(ctx));
        ctx.json(json.createObjectNode().put("run_id", run.id().value()).put("state", run.state().wire()));
    }

    private static ScheduleId id(Context ctx) {
        return new ScheduleId(ctx.pathParam("id"));
    }
}
