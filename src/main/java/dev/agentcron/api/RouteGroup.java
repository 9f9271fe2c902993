package dev.agentcron.api;

import io.javalin.config.RoutesConfig;

/** A set of routes a face registers on the one server. */
public interface RouteGroup {
    void register(RoutesConfig routes);
}
