/**
 * The engine: claim ahead, fire from memory, commit in groups, deliver after commit.
 *
 * <h2>Parts</h2>
 * {@link dev.agentcron.engine.Engine#runOnce()} is one step over small parts, each with one job, built and
 * wired by the composition root (so a test can give any of them its own):
 * <ul>
 *   <li>{@code Recovery} follows the node's claim: it delivers again what a previous holder left unfinished.</li>
 *   <li>{@code ChangeInbox} takes committed writes and other nodes' announcements onto the timer at once.</li>
 *   <li>{@code Loader} reads what is due within the look-ahead window into the {@code DueQueue}.</li>
 *   <li>{@code Firer} plans what is due ({@code FirePlan}) and records each group in one transaction.</li>
 *   <li>{@code Pruner} deletes old history in small batches when nothing is due.</li>
 *   <li>{@code Dispatcher} delivers runs by lane with retries; {@code Finisher} ends them, {@code Completions}
 *       writes the ends in groups and {@code CallbackOutbox} sends the callbacks.</li>
 * </ul>
 * Runs that share a lane are delivered one at a time, in due order: a Letta agent's messages (a stateful
 * agent answering two at once gives undefined results), and the runs of one agent-run schedule unless its
 * overlap policy is {@code allow}.
 *
 * <h2>States of an occurrence</h2>
 * <pre>
 *  schedule row            DueQueue (memory)           runs row                 agent
 *  next_fire_at = T  ──load (T &lt;= now + lookahead)──> queued at T
 *                                  │ clock &gt;= T (never before)
 *                                  ▼
 *                    one transaction per group:  next_fire_at = next(T)   +   INSERT run (PENDING)
 *                    (JDBC batches, up to 500)     (only if version unchanged)    UNIQUE(schedule_id, due_at)
 *                                  │ after commit
 *                                  ▼
 *                             Dispatcher ── one lane per Letta agent, per agent-run schedule ── Runner ──> agent
 *                                  │ retryable? wait Backoff on the DueQueue, same run id
 *                                  ▼
 *                    one transaction per group of ends (group commit): run SUCCEEDED|FAILED|ERROR + INSERT callback (outbox)
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
 * <h2>Cluster mode: buckets, leases, fencing</h2>
 * Schedules hash into {@link dev.agentcron.domain.Buckets#COUNT} buckets. {@link dev.agentcron.engine.LeaseKeeper}
 * holds time-limited leases on a fair share of them, renewed on the database clock; the engine loads and fires
 * only the buckets in its current {@link dev.agentcron.store.Claim}.
 * <pre>
 *   bucket lease:  free/expired ──take (epoch+1)──> held by N ──renew every renewEvery──> held by N
 *                       ^                               │ N stops: give back at once
 *                       ╰───── ttl passes unrenewed ────┤ N dies or freezes
 *                                                       ╰ another node takes it (epoch+1) and recovers its runs
 * </pre>
 * <ul>
 *   <li>Fencing: the fire transaction advances a schedule only while the lease row of its bucket names this
 *       node, with the epoch the node was given, unexpired by the database clock. A node that wakes from a
 *       pause cannot commit a fire for a bucket another node has taken, even mid-transaction.</li>
 *   <li>A node trusts its claim only until {@code ttl - ttl/10} after the renewal that granted it began (on the
 *       monotonic clock), so it stops firing on its own before its leases can pass to others.</li>
 *   <li>Rows are locked {@code FOR UPDATE SKIP LOCKED} in the fire transaction as a second guard during
 *       rebalancing; the unique (schedule, occurrence) key is the last.</li>
 *   <li>Taking a bucket (or a new epoch of it) recovers its unfinished runs and pending callbacks: delivered
 *       again with the same run ids. The dispatcher drops a run it already has queued or in flight.</li>
 *   <li>The engine's clock is the local clock moved onto the database's time line
 *       ({@link dev.agentcron.engine.CalibratedClock}), so a node whose clock runs ahead never fires early.</li>
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
