/**
 * The engine: claim ahead, fire from memory, commit in groups, deliver after commit.
 *
 * <h2>States of an occurrence</h2>
 * <pre>
 *  schedule row            DueQueue (memory)           runs row                 agent
 *  next_fire_at = T  ──load (T &lt;= now + lookahead)──> queued at T
 *                                  │ clock &gt;= T (never before)
 *                                  ▼
 *                    one transaction per group:  next_fire_at = next(T)   +   INSERT run (PENDING)
 *                                                  (only if version unchanged)    UNIQUE(schedule_id, due_at)
 *                                  │ after commit
 *                                  ▼
 *                             Dispatcher ── lane per agent ── Runner ──> agent
 *                                  │ retryable? wait Backoff on the DueQueue, same run id
 *                                  ▼
 *                    one transaction: run SUCCEEDED|FAILED  +  INSERT callback (outbox)
 *                                  │ after commit
 *                                  ▼
 *                             CallbackOutbox ── signed POST ──> callback_url (retried with backoff)
 * </pre>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>One run per occurrence: the run row and the schedule's advance commit together, and the database
 *       rejects a second run for the same (schedule, due instant). A crash before the commit leaves the
 *       schedule at T, so T fires after restart; a crash after it leaves a PENDING run, which
 *       {@link dev.agentcron.engine.Engine#recover()} delivers again with the same run id.</li>
 *   <li>Never early: an occurrence leaves the queue only when the injected clock reads at least T.</li>
 *   <li>No drift: the next fire is computed from the nominal T, not from when the fire happened.</li>
 *   <li>No transaction is open during a call to an agent or a callback.</li>
 *   <li>A schedule changed after it was loaded fails the version check in the fire transaction and is
 *       fired from its new version instead; writes reach the queue at once through
 *       {@link dev.agentcron.domain.ScheduleChanges}.</li>
 * </ul>
 *
 * <h2>Misfires</h2>
 * An occurrence found late (the node was down) is planned by {@link dev.agentcron.domain.FirePlan}: recurring
 * schedules coalesce what they missed into one run, one-time schedules fire late inside the catch-up window
 * and are recorded as {@code missed} beyond it.
 *
 * <p>Imports {@code domain}, {@code store}, {@code runner} and {@code callback}; never {@code api} or {@code service}.
 */
package dev.agentcron.engine;
