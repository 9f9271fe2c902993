package dev.agentcron.api;

import io.javalin.config.RoutesConfig;
import java.util.Set;

/** A set of routes a face registers on the one server, and how that face words and renders its errors. */
public interface RouteGroup {

    void register(RoutesConfig routes);

    /** The paths of this group that answer without a key (operational routes, the reference, the dashboard's files). */
    default Set<String> publicPaths() {
        return Set.of();
    }

    /** The errors of this group's routes; the plain format unless the face has its own. */
    default FaceErrors errors() {
        return FaceErrors.PLAIN;
    }
}
