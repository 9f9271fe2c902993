package dev.agentcron.domain;

import java.util.regex.Pattern;

/**
 * What a Letta agent id may be, since it goes into a URL path ({@code /v1/agents/{agent_id}/messages}):
 * 1-200 letters, digits, '.', '_', ':' or '-', starting with a letter or digit, so it can be neither
 * {@code ..} nor hold a '/', '?' or '%'.
 */
public final class AgentId {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

    /** What an error says an agent id must be. */
    public static final String RULE = "must be 1-200 letters, digits, '.', '_', ':' or '-', starting with a letter or digit";

    private AgentId() {}

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }
}
