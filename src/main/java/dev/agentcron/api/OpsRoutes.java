package dev.agentcron.api;

import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** {@code /healthz} (the process answers), {@code /readyz} (the store answers) and {@code /metrics} (Prometheus). */
public final class OpsRoutes implements RouteGroup {

    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier ready;

    public OpsRoutes(PrometheusMeterRegistry registry, BooleanSupplier ready) {
        this.registry = registry;
        this.ready = ready;
    }

    @Override
    public Set<String> publicPaths() {
        return Set.of("/healthz", "/readyz", "/metrics");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        routes.get("/readyz", ctx -> {
            boolean ok = ready.getAsBoolean();
            ctx.status(ok ? 200 : 503).json(Map.of("status", ok ? "ready" : "unavailable"));
        });
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    }
}
