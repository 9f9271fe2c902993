/**
 * Persistence: the {@link Store} interface and its JDBC implementation. Every query is one text in
 * {@link Sql}, shared by SQLite and PostgreSQL; the few statements the two say differently are their
 * {@link Dialect}'s. Migrations: a common base under {@code resources/db/common}, and
 * {@code resources/db/postgres} for the tables of cluster mode. The store writes what it is told; the
 * decisions (run states, auto-pause) are the domain's. Imports {@code domain} only.
 */
package dev.agentcron.store;
