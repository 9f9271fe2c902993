package dev.agentcron.config;

import java.util.List;
import java.util.Map;

/**
 * Which runner serves which run.
 *
 * @param runners the runners configured with {@code AGENTCRON_RUNNER_<NAME>_*}, by lower-case name
 * @param routes {@code AGENTCRON_ROUTES}: {@code field=value:runner}, first match wins
 * @param defaultRunner {@code AGENTCRON_RUNNER_DEFAULT}: the runner of agent runs no route matches, or null
 */
public record RoutingConfig(Map<String, RunnerConfig> runners, List<Route> routes, String defaultRunner) {

    /** @param field {@code agent_id}, {@code harness}, {@code worker_host} or {@code model_id} */
    public record Route(String field, String value, String runner) {}
}
