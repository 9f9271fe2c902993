package dev.agentcron.domain;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which agents a key may message: any, those whose id starts with a prefix ({@code research-*}), or a list
 * ({@code agent-1,agent-2}). Written as that text; empty or null means any.
 */
public record AgentScope(String prefix, Set<String> ids) {

    public static final AgentScope ANY = new AgentScope(null, Set.of());

    public static AgentScope parse(String text) {
        if (text == null || text.isBlank()) {
            return ANY;
        }
        String trimmed = text.trim();
        if (trimmed.endsWith("*") && !trimmed.contains(",")) {
            return new AgentScope(trimmed.substring(0, trimmed.length() - 1), Set.of());
        }
        Set<String> ids = Arrays.stream(trimmed.split(",")).map(String::trim).filter(id -> !id.isEmpty()).collect(Collectors.toSet());
        for (String id : ids) {
            if (!AgentId.isValid(id)) {
                throw new IllegalArgumentException("\"" + (id.length() <= 64 ? id : id.substring(0, 64) + "…") + "\" " + AgentId.RULE);
            }
        }
        return new AgentScope(null, Set.copyOf(ids));
    }

    public boolean allows(String agentId) {
        if (prefix != null) {
            return agentId.startsWith(prefix);
        }
        return ids.isEmpty() || ids.contains(agentId);
    }

    public boolean isAny() {
        return prefix == null && ids.isEmpty();
    }

    /** The text {@link #parse} reads back; empty for any. */
    public String text() {
        return prefix != null ? prefix + "*" : ids.stream().sorted().collect(Collectors.joining(","));
    }
}
