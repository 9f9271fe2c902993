package dev.agentcron.runner;

import dev.agentcron.domain.ScheduleKind;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Chooses the runner of each delivery. A Letta message goes to the runner a route names for its agent id,
 * else to {@code letta}. An agent run goes to the first route whose field matches its {@code agent_config}
 * ({@code harness} is {@code harness.type}), else to the default runner; with neither, it is a spawn failure
 * that says how to configure one.
 */
public final class RunnerRouter implements Runner {

    /** A field of the run to match; {@code AGENT_ID} matches a Letta message's agent. */
    public enum Field { AGENT_ID, HARNESS, WORKER_HOST, MODEL_ID }

    /** Sends runs whose {@code field} equals {@code value} to the runner named {@code runner}. */
    public record Route(Field field, String value, String runner) {}

    public static final String LETTA = "letta";

    private final Map<String, Runner> runners;
    private final List<Route> routes;
    private final String defaultRunner;
    private final DeliveryTimer timer;
    private final LongSupplier nanos;

    /** @param defaultRunner the runner of agent runs no route matches; may be null */
    public RunnerRouter(Map<String, Runner> runners, List<Route> routes, String defaultRunner) {
        this(runners, routes, defaultRunner, DeliveryTimer.NONE, () -> 0L);
    }

    /** @param nanos a monotonic clock in nanoseconds, for {@code timer} */
    public RunnerRouter(Map<String, Runner> runners, List<Route> routes, String defaultRunner, DeliveryTimer timer, LongSupplier nanos) {
        for (Route route : routes) {
            if (!runners.containsKey(route.runner())) {
                throw new IllegalArgumentException("route " + route + " names no configured runner; runners: " + runners.keySet());
            }
        }
        if (defaultRunner != null && !runners.containsKey(defaultRunner)) {
            throw new IllegalArgumentException("default runner \"" + defaultRunner + "\" is not configured; runners: " + runners.keySet());
        }
        this.runners = Map.copyOf(runners);
        this.routes = List.copyOf(routes);
        this.defaultRunner = defaultRunner;
        this.timer = timer;
        this.nanos = nanos;
    }

    @Override
    public DeliveryOutcome deliver(Delivery delivery) {
        String name = choose(delivery);
        if (name == null) {
            return new DeliveryOutcome.Rejected("no runner for this run: set AGENTCRON_RUNNER_DEFAULT or a matching route in AGENTCRON_ROUTES", null);
        }
        long start = nanos.getAsLong();
        try {
            return runners.get(name).deliver(delivery);
        } finally {
            timer.took(name, Duration.ofNanos(nanos.getAsLong() - start));
        }
    }

    /** The name of the runner for {@code delivery}, or null when none applies. */
    public String choose(Delivery delivery) {
        for (Route route : routes) {
            if (Objects.equals(value(route.field(), delivery), route.value())) {
                return route.runner();
            }
        }
        return switch (delivery.kind()) {
            case LETTA_MESSAGE -> runners.containsKey(LETTA) ? LETTA : null;
            case AGENT_RUN -> defaultRunner;
        };
    }

    private static String value(Field field, Delivery delivery) {
        JsonNode config = delivery.agentConfig();
        return switch (field) {
            case AGENT_ID -> delivery.kind() == ScheduleKind.LETTA_MESSAGE ? delivery.agentId() : null;
            case HARNESS -> text(config.path("harness").path("type"));
            case WORKER_HOST -> text(config.path("worker_host"));
            case MODEL_ID -> text(config.path("model_id"));
        };
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
