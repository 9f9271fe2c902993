package dev.agentcron.api;

import dev.agentcron.domain.Principal;
import dev.agentcron.service.ApiKeys;
import dev.agentcron.service.ServiceException;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;

/** Bearer API keys on every route but the operational ones; the principal is kept on the request. */
public final class ApiKeyAuth {

    private static final String ATTRIBUTE = "agentcron.principal";
    private static final Set<String> PUBLIC = Set.of("/healthz", "/readyz", "/metrics");

    private final ApiKeys keys;

    public ApiKeyAuth(ApiKeys keys) {
        this.keys = keys;
    }

    public void check(Context ctx) {
        if (PUBLIC.contains(ctx.path())) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new ServiceException.Unauthorized("Missing API key: send Authorization: Bearer <key>");
        }
        String[] parts = header.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
            throw new ServiceException.Unauthorized("Authorization must be: Bearer <key>");
        }
        Principal principal = keys.authenticate(parts[1].trim())
                .orElseThrow(() -> new ServiceException.Unauthorized("Invalid API key"));
        ctx.attribute(ATTRIBUTE, principal);
    }

    /** The caller of an authenticated route. */
    public static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(ATTRIBUTE);
        if (principal == null) {
            throw new ServiceException.Unauthorized("Missing API key");
        }
        return principal;
    }
}
