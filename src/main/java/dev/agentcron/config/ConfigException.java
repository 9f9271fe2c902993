package dev.agentcron.config;

/** A configuration value that cannot be used; the message names the key, the value and what is allowed. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
