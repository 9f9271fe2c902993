package dev.agentcron.api.nativeapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcron.api.ApiKeyAuth;
import dev.agentcron.api.Cursor;
import dev.agentcron.api.QueryParams;
import dev.agentcron.api.RequestBody;
import dev.agentcron.api.RouteGroup;
import dev.agentcron.api.ScheduleOptions;
import dev.agentcron.domain.AgentScope;
import dev.agentcron.domain.Caller;
import dev.agentcron.domain.Role;
import dev.agentcron.domain.WireTime;
import dev.agentcron.service.ApiKeys;
import dev.agentcron.service.AuditLog;
import dev.agentcron.service.Page;
import dev.agentcron.service.ServiceException;
import dev.agentcron.domain.ApiKeyRecord;
import dev.agentcron.domain.AuditEntry;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Keys and the audit log, for admins: {@code GET|POST /v1/keys}, {@code DELETE /v1/keys/{id}} (revoke),
 * {@code GET /v1/audit}. A key's secret is in the answer to its creation and nowhere else.
 */
public final class AccessRoutes implements RouteGroup {

    private final ApiKeys keys;
    private final AuditLog audit;
    private final ObjectMapper json;

    public AccessRoutes(ApiKeys keys, AuditLog audit, ObjectMapper json) {
        this.keys = keys;
        this.audit = audit;
        this.json = json;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/v1/keys", this::list);
        routes.post("/v1/keys", this::create);
        routes.delete("/v1/keys/{id}", ctx -> {
            keys.revoke(ApiKeyAuth.caller(ctx), ctx.pathParam("id"));
            ctx.json(json.createObjectNode().put("revoked", true));
        });
        routes.get("/v1/audit", this::audit);
        routes.get("/v1/me", this::me);
    }

    /** Who the key names and what it may do, so that a client offers only that. */
    private void me(Context ctx) {
        Caller caller = ApiKeyAuth.caller(ctx);
        ObjectNode out = json.createObjectNode();
        out.put("key_id", caller.keyId());
        out.put("principal", caller.principal().id());
        out.put("role", caller.role().wire());
        ArrayNode teams = out.putArray("teams");
        caller.teams().forEach(t -> teams.add(t.id()));
        ctx.json(out);
    }

    private void list(Context ctx) {
        ArrayNode out = json.createArrayNode();
        keys.list(ApiKeyAuth.caller(ctx)).forEach(k -> out.add(view(k)));
        ctx.json(json.createObjectNode().set("keys", out));
    }

    private void create(Context ctx) {
        ObjectNode body = RequestBody.object(json, ctx.bodyAsBytes(), false);
        String name = RequestBody.text(RequestBody.required(body, "name", "name"), "name", 200);
        String principal = RequestBody.text(RequestBody.required(body, "principal", "principal"), "principal", 128);
        String roleText = RequestBody.optionalText(body, "role", "role", 16);
        Role role = roleText == null ? Role.EDITOR : Role.fromWire(roleText);
        if (role == null) {
            throw new ServiceException.InvalidInput("role", "must be admin, editor or viewer, got " + RequestBody.quote(roleText));
        }
        AgentScope agents;
        try {
            agents = AgentScope.parse(RequestBody.optionalText(body, "agents", "agents", 10_000));
        } catch (IllegalArgumentException e) {
            throw new ServiceException.InvalidInput("agents", e.getMessage());
        }
        Instant expiresAt = ScheduleOptions.time(body, "expires_at", "");
        ApiKeys.Created created = keys.create(ApiKeyAuth.caller(ctx),
                new ApiKeys.NewKey(name, principal, teams(body.get("teams")), role, agents, expiresAt));
        ctx.status(201).json(view(created.record()).put("key", created.secret()));
    }

    private static Set<String> teams(JsonNode teams) {
        if (teams == null || teams.isNull()) {
            return Set.of();
        }
        if (!teams.isArray() || teams.size() > 100) {
            throw new ServiceException.InvalidInput("teams", "must be an array of at most 100 team names");
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < teams.size(); i++) {
            names.add(RequestBody.text(teams.get(i), "teams[" + i + "]", 128));
        }
        return names;
    }

    private ObjectNode view(ApiKeyRecord k) {
        ObjectNode out = json.createObjectNode();
        out.put("id", k.id());
        out.put("name", k.name());
        out.put("principal", k.principal());
        out.put("role", k.role());
        ArrayNode teams = out.putArray("teams");
        for (String team : k.teams().split(" ")) {
            if (!team.isBlank()) {
                teams.add(team);
            }
        }
        out.put("agents", k.agents().isEmpty() ? null : k.agents());
        out.put("created_at", WireTime.format(k.createdAt()));
        out.put("expires_at", WireTime.format(k.expiresAt()));
        out.put("last_used_at", WireTime.format(k.lastUsedAt()));
        out.put("revoked_at", WireTime.format(k.revokedAt()));
        return out;
    }

    private void audit(Context ctx) {
        int limit = QueryParams.integer(ctx.queryParam("limit"), "limit", 50, 1, 500);
        Page<AuditEntry> page = audit.list(ApiKeyAuth.caller(ctx), cursor(ctx.queryParam("cursor")), limit);
        ArrayNode entries = json.createArrayNode();
        for (AuditEntry e : page.items()) {
            entries.addObject().put("id", e.id()).put("at", WireTime.format(e.at())).put("actor", e.actor()).put("key_id", e.keyId())
                    .put("action", e.action()).put("target", e.target()).put("detail", e.detail());
        }
        ObjectNode out = json.createObjectNode();
        out.set("entries", entries);
        AuditEntry last = page.hasMore() ? page.items().getLast() : null;
        out.put("next_cursor", last == null ? null : new Cursor(last.at().toEpochMilli(), last.id()).encode());
        ctx.json(out);
    }

    private static AuditEntry cursor(String value) {
        Cursor cursor = Cursor.decode(value);
        if (cursor == null) {
            return null;
        }
        try {
            return new AuditEntry(cursor.id(), WireTime.inRange(Instant.ofEpochMilli(cursor.key())), null, null, null, null, null);
        } catch (IllegalArgumentException e) {
            throw new ServiceException.InvalidInput("cursor", "is not a cursor this server gave out");
        }
    }
}
