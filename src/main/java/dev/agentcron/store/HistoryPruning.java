package dev.agentcron.store;

import java.util.List;

/**
 * Deletes finished history in small batches ({@link Store#prune}): callbacks sent, then runs, then done or
 * deleted schedules with no run left, then idempotency records. Each kind is one short transaction, so pruning
 * never holds locks or the xmin horizon for long.
 */
final class HistoryPruning {

    private HistoryPruning() {}

    /** @param params {@code before}, {@code limit} and the claim's buckets */
    static int prune(Jdbc jdbc, Params params) {
        int deleted = 0;
        deleted += jdbc.update(Sql.PRUNE_CALLBACKS, params);
        deleted += jdbc.update(Sql.PRUNE_RUNS, params);
        deleted += jdbc.inTransaction(tx -> {
            // Chosen once, deleted together: no payload outlives its schedule.
            List<String> ids = tx.query(Sql.FIND_PRUNABLE_SCHEDULES, params, rs -> rs.getString(1));
            if (ids.isEmpty()) {
                return 0;
            }
            tx.update(Sql.DELETE_SCHEDULE_PAYLOADS, Params.create().with("ids", ids));
            return tx.update(Sql.DELETE_SCHEDULES, Params.create().with("ids", ids));
        });
        deleted += jdbc.update(Sql.PRUNE_IDEMPOTENCY_KEYS, params);
        return deleted;
    }
}
