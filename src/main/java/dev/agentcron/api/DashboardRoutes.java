package dev.agentcron.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard: {@code /} and its few files under {@code /ui/}, read from the jar once at startup. They need
 * no key (the page asks for one and sends it with each API call). Every URL in them is relative, so the
 * dashboard works behind a proxy that serves it under a path prefix; the content security policy lets the
 * page talk to this server only.
 */
public final class DashboardRoutes implements RouteGroup {

    /** The page's files and their types; nothing else is served from {@code web/ui}. */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private final Map<String, byte[]> contents = new LinkedHashMap<>();

    public DashboardRoutes() {
        for (String name : FILES.keySet()) {
            try (InputStream in = DashboardRoutes.class.getResourceAsStream("/web/ui/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("web/ui/" + name + " is missing from the jar");
                }
                contents.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read web/ui/" + name, e);
            }
        }
    }

    /** Whether {@code path} is one of the dashboard's, which need no key. */
    public static boolean serves(String path) {
        return path.equals("/") || (path.startsWith("/ui/") && FILES.containsKey(path.substring("/ui/".length())));
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/", ctx -> send(ctx, "index.html"));
        for (String name : FILES.keySet()) {
            if (!name.equals("index.html")) {
                routes.get("/ui/" + name, ctx -> send(ctx, name));
            }
        }
    }

    private void send(Context ctx, String name) {
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(FILES.get(name)).result(contents.get(name));
    }
}
