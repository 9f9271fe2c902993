/**
 * Configuration: one immutable record tree, loaded from the environment and an optional file, validated at
 * once. Imports {@code domain} only (for the values it parses into, such as durations).
 */
package dev.agentcron.config;
