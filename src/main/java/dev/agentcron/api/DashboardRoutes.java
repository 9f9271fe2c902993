package dev.agentcron.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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
        FILES.keySet().forEach(name -> contents.put(name, JarResources.read("web/ui/" + name)));
    }

    @Override
    public Set<String> publicPaths() {
        return Set.copyOf(paths().keySet());
    }

    @Override
    public void register(RoutesConfig routes) {
        paths().forEach((path, name) -> routes.get(path, ctx -> send(ctx, name)));
    }

    /** Each path served and the file it serves: the page at {@code /}, the rest under {@code /ui/}. */
    private static Map<String, String> paths() {
        Map<String, String> paths = new LinkedHashMap<>();
        FILES.keySet().forEach(name -> paths.put(name.equals("index.html") ? "/" : "/ui/" + name, name));
        return paths;
    }

    private void send(Context ctx, String name) {
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(FILES.get(name)).result(contents.get(name));
    }
}
