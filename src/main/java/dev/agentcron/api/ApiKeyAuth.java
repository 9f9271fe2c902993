package dev.agentcron.api;

import dev.agentcron.domain.Caller;
import dev.agentcron.domain.Role;
import dev.agentcron.service.ApiKeys;
import dev.agentcron.service.ServiceException;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;

/**
 * Every request shows a key ({@code Authorization: Bearer <key>}), except on the paths its route groups declare
 * public ({@link RouteGroup#publicPaths}, checked by the server before this). The key names the caller; a
 * read-only key may only read; each key's requests are rate-limited.
 */
public final class ApiKeyAuth {

    private static final String ATTRIBUTE = "agentcron.caller";
    /** Requests that change nothing although they are POSTs: previews of a trigger. */
    private static final Set<String> READS_BY_POST = Set.of("/v1/schedules/preview", "/v1/schedules/parse");

    private final ApiKeys keys;
    private final RateLimiter limiter;

    public ApiKeyAuth(ApiKeys keys, RateLimiter limiter) {
        this.keys = keys;
        this.limiter = limiter;
    }

    public void check(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new ServiceException.Unauthorized("Missing API key: send Authorization: Bearer <key>");
        }
        String[] parts = header.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer")) {
            throw new ServiceException.Unauthorized("Authorization must be: Bearer <key>");
        }
        Caller caller = keys.authenticate(parts[1].trim());
        limiter.take(caller.keyId());
        if (caller.role() == Role.VIEWER && !isRead(ctx)) {
            throw new ServiceException.Forbidden("this key is read-only (role viewer)");
        }
        ctx.attribute(ATTRIBUTE, caller);
    }

    private static boolean isRead(Context ctx) {
        String method = ctx.method().name();
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") || READS_BY_POST.contains(RoutePath.of(ctx));
    }

    /** The caller of an authenticated route. */
    public static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(ATTRIBUTE);
        if (caller == null) {
            throw new ServiceException.Unauthorized("Missing API key");
        }
        return caller;
    }
}
