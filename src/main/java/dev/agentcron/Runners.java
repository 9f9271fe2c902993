package dev.agentcron;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentcron.callback.WebhookSignature;
import dev.agentcron.config.AgentcronConfig;
import dev.agentcron.config.RoutingConfig;
import dev.agentcron.config.RunnerConfig;
import dev.agentcron.runner.CommandRunner;
import dev.agentcron.runner.DeliveryTimer;
import dev.agentcron.runner.HttpCall;
import dev.agentcron.runner.LettaRunner;
import dev.agentcron.runner.OpenAiRunner;
import dev.agentcron.runner.Runner;
import dev.agentcron.runner.RunnerRouter;
import dev.agentcron.runner.WebhookRunner;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Part of the composition root: builds the configured runners and the router in front of them. */
final class Runners {

    private Runners() {}

    static RunnerRouter build(AgentcronConfig config, String callbackSecret, HttpCall http, ObjectMapper json, InstantSource clock,
            DeliveryTimer timer) {
        RoutingConfig routing = config.routing();
        Map<String, Runner> runners = new HashMap<>();
        runners.put(RunnerRouter.LETTA, new LettaRunner(new LettaRunner.Settings(config.letta().baseUrl(),
                config.letta().token(), config.letta().timeout(), null), http, json, clock));
        routing.runners().values().forEach(r -> runners.put(r.name(), runner(r, config, callbackSecret, http, json, clock)));
        List<RunnerRouter.Route> routes = routing.routes().stream()
                .map(r -> new RunnerRouter.Route(RunnerRouter.Field.valueOf(r.field().toUpperCase(Locale.ROOT)), r.value(), r.runner()))
                .toList();
        return new RunnerRouter(runners, routes, routing.defaultRunner(), timer, System::nanoTime);
    }

    private static Runner runner(RunnerConfig r, AgentcronConfig config, String callbackSecret, HttpCall http,
            ObjectMapper json, InstantSource clock) {
        return switch (r.type()) {
            case "command" -> new CommandRunner(new CommandRunner.Settings(r.command(), r.workdir(), r.env(), r.timeout(), r.outputLimit()), System.getenv());
            case "webhook" -> {
                WebhookSignature signature = r.secret() != null ? new WebhookSignature(r.secret())
                        : new WebhookSignature(callbackSecret, config.callbacks().previousSecret());
                yield new WebhookRunner(new WebhookRunner.Settings(r.url(), r.timeout(), signature::sign), http, json, clock);
            }
            case "openai" -> new OpenAiRunner(new OpenAiRunner.Settings(r.baseUrl(), r.apiKey(), r.model(), r.timeout()), http, json);
            case "letta" -> new LettaRunner(new LettaRunner.Settings(
                    r.baseUrl() != null ? r.baseUrl() : config.letta().baseUrl(),
                    r.apiKey() != null ? r.apiKey() : config.letta().token(),
                    r.timeout(), r.agentId()), http, json, clock);
            default -> throw new IllegalStateException("the config loader admits no runner type " + r.type());
        };
    }
}
