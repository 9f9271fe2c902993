/**
 * Persistence: the {@link dev.agentcron.store.Store} interface, its JDBC implementation and one
 * {@link dev.agentcron.store.Queries} per SQL dialect, with versioned migrations under
 * {@code resources/db/<dialect>}. Imports {@code domain} only.
 */
package dev.agentcron.store;
