/**
 * The domain model: schedules, triggers, runs and the rules that are true whatever the face or store.
 * Imports no other package of agentcron.
 */
package dev.agentcron.domain;
