/**
 * Cron expressions and the time-zone rule that places their wall times on the time line. Pure: imports no
 * other package of agentcron.
 */
package dev.agentcron.domain.cron;
