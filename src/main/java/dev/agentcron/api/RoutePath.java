package dev.agentcron.api;

import io.javalin.http.Context;

/**
 * A request's path as the routes see it: without the base path ({@code AGENTCRON_BASE_PATH}) it arrived under.
 * What is public, which face's error format applies and which POSTs only read are decided on this path.
 */
final class RoutePath {

    private RoutePath() {}

    static String of(Context ctx) {
        return within(ctx.path(), ctx.contextPath());
    }

    /** {@code path} without {@code base}; {@code /} when nothing is left. */
    static String within(String path, String base) {
        if (base == null || base.isEmpty() || base.equals("/") || !path.startsWith(base)) {
            return path;
        }
        String rest = path.substring(base.length());
        return rest.isEmpty() ? "/" : rest;
    }
}
