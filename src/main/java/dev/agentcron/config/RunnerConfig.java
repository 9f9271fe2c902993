package dev.agentcron.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One named runner, from the keys {@code AGENTCRON_RUNNER_<NAME>_<SETTING>}. Which settings apply depends
 * on {@code type}; the others are null.
 *
 * @param type {@code command}, {@code webhook}, {@code openai} or {@code letta}
 * @param command command: the program and its arguments ({@code _COMMAND}, a JSON array or words)
 * @param workdir command: working directory ({@code _WORKDIR})
 * @param env command: extra environment ({@code _ENV_<VAR>})
 * @param timeout all: how long one run may take ({@code _TIMEOUT}; default 30m for command, 120s otherwise)
 * @param outputLimit command: bytes of output kept ({@code _OUTPUT_LIMIT}, default 1 MiB)
 * @param url webhook: where envelopes are POSTed ({@code _URL})
 * @param secret webhook: signing secret ({@code _SECRET}; default the callback secret)
 * @param baseUrl openai, letta: server root ({@code _BASE_URL})
 * @param apiKey openai, letta: Bearer token ({@code _API_KEY})
 * @param model openai: default model ({@code _MODEL})
 * @param agentId letta: the agent that prompts go to ({@code _AGENT_ID})
 */
public record RunnerConfig(
        String name,
        String type,
        List<String> command,
        Path workdir,
        Map<String, String> env,
        Duration timeout,
        int outputLimit,
        URI url,
        String secret,
        URI baseUrl,
        String apiKey,
        String model,
        String agentId) {}
