package dev.agentcron.store;

/**
 * Every SQL text the store runs, one method per query, so the compiler makes sure each dialect defines all
 * of them. Parameters are {@code :named}; a collection bound to {@code IN (:name)} is expanded; times are
 * epoch milliseconds.
 */
public interface Queries {

    /** Folder of this dialect's migrations under {@code db/}. */
    String migrationsFolder();

    String insertSchedule();

    String insertSchedulePayload();

    String findSchedulePayloads();

    String updateSchedulePayload();

    String findSchedule();

    String listSchedules();

    String listSchedulesByName();

    String updateSchedule();

    String deleteSchedule();

    String findDue();

    String lockForFire();

    String advanceSchedule();

    String countUnfinishedRuns();

    String insertRun();

    String insertPendingRun();

    String deletePendingRun();

    String findRun();

    String findUnfinishedRuns();

    String startAttempt();

    String noteRetry();

    String finishRun();

    String recordRunOutcome();

    String cancelRun();

    String listRuns();

    String queryRuns();

    String pruneCallbacks();

    String pruneRuns();

    String findPrunableSchedules();

    String deleteSchedulePayloads();

    String deleteSchedules();

    String pruneIdempotencyKeys();

    String insertCallback();

    String findPendingCallbacks();

    String recordCallbackAttempt();

    String insertApiKey();

    String findApiKeyByHash();

    String countApiKeys();

    String insertIdempotency();

    String findIdempotency();

    String findSetting();

    String insertSettingIfAbsent();
}
