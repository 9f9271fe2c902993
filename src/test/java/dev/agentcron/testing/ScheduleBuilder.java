package dev.agentcron.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.domain.Audit;
import dev.agentcron.domain.CatchUpPolicy;
import dev.agentcron.domain.JsonDocument;
import dev.agentcron.domain.LastRun;
import dev.agentcron.domain.OverlapPolicy;
import dev.agentcron.domain.Policies;
import dev.agentcron.domain.Principal;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.ScheduleKind;
import dev.agentcron.domain.ScheduleState;
import dev.agentcron.domain.Trigger;
import dev.agentcron.domain.cron.CronExpression;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** {@code aSchedule().cron("0 9 * * 1-5").build()}: test schedules with sensible defaults. */
public final class ScheduleBuilder {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private String id = "sched-" + SEQUENCE.incrementAndGet();
    private String owner = "alice";
    private String agentId = "agent-1";
    private Trigger trigger = new Trigger.At(Instant.parse("2030-01-01T00:00:00Z"));
    private Instant nextFireAt;
    private String callbackUrl;
    private CatchUpPolicy catchUp = CatchUpPolicy.ONCE;
    private Instant createdAt = Instant.parse("2029-12-31T00:00:00Z");
    private ScheduleKind kind = ScheduleKind.LETTA_MESSAGE;
    private OverlapPolicy overlap;
    private java.util.function.UnaryOperator<Policies> policies = p -> p;
    private String name = "";

    /** An Oz-style scheduled agent (prompt payload, overlap "skip" unless set). */
    public ScheduleBuilder agentRun() {
        kind = ScheduleKind.AGENT_RUN;
        return this;
    }

    public ScheduleBuilder overlap(OverlapPolicy value) {
        overlap = value;
        return this;
    }

    /** Changes the kind's default policies, e.g. {@code p -> new Policies(...)}. */
    public ScheduleBuilder policies(java.util.function.UnaryOperator<Policies> change) {
        policies = change;
        return this;
    }

    public ScheduleBuilder every(java.time.Duration interval) {
        trigger = new Trigger.Every(interval, Instant.EPOCH);
        return this;
    }

    public ScheduleBuilder name(String value) {
        name = value;
        return this;
    }

    public static ScheduleBuilder aSchedule() {
        return new ScheduleBuilder();
    }

    public ScheduleBuilder id(String value) {
        id = value;
        return this;
    }

    public ScheduleBuilder owner(String value) {
        owner = value;
        return this;
    }

    public ScheduleBuilder agent(String value) {
        agentId = value;
        return this;
    }

    public ScheduleBuilder at(Instant value) {
        trigger = new Trigger.At(value);
        return this;
    }

    public ScheduleBuilder cron(String expression) {
        return cron(expression, ZoneOffset.UTC);
    }

    public ScheduleBuilder cron(String expression, ZoneId zone) {
        trigger = new Trigger.Cron(CronExpression.parse(expression), zone);
        return this;
    }

    /** The first fire; by default the trigger's first fire after {@code createdAt}. */
    public ScheduleBuilder nextFireAt(Instant value) {
        nextFireAt = value;
        return this;
    }

    public ScheduleBuilder callbackUrl(String value) {
        callbackUrl = value;
        return this;
    }

    public ScheduleBuilder catchUp(CatchUpPolicy value) {
        catchUp = value;
        return this;
    }

    public ScheduleBuilder createdAt(Instant value) {
        createdAt = value;
        return this;
    }

    public Schedule build() {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.putArray("messages").addObject().put("role", "user").put("content", "hello from " + id);
        Instant first = nextFireAt != null ? nextFireAt : trigger.nextAfter(createdAt).orElseThrow();
        if (kind == ScheduleKind.AGENT_RUN) {
            payload = JsonNodeFactory.instance.objectNode().put("prompt", "prompt of " + id);
        }
        return new Schedule(new ScheduleId(id), new Principal(owner), kind, kind == ScheduleKind.LETTA_MESSAGE ? agentId : "",
                name, trigger, JsonDocument.of(payload), callbackUrl,
                policies.apply(new Policies(catchUp, overlap != null ? overlap : Policies.defaultsFor(kind).overlap())),
                ScheduleState.ACTIVE, first, 1, LastRun.NONE, Audit.created(new Principal(owner), createdAt));
    }
}
