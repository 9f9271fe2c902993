/** Configuration: one immutable record tree, loaded from the environment and an optional file. Imports nothing of ours. */
package dev.agentcron.config;
