/**
 * Callbacks: the signed body a run's {@code callback_url} receives, and one attempt at sending it. The
 * engine owns the outbox's retries. Imports {@code domain}, {@code store} records and {@code runner}'s HTTP
 * status rule.
 */
package dev.agentcron.callback;
