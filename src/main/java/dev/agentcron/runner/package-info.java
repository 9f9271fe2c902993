/**
 * Runners: how a run reaches an agent. Each returns a {@link dev.agentcron.runner.DeliveryOutcome}; the
 * engine decides about retries. Imports {@code domain} only.
 */
package dev.agentcron.runner;
