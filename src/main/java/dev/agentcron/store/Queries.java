package dev.agentcron.store;

/**
 * Every SQL text the store runs, one method per query, so the compiler makes sure each dialect defines all
 * of them. Parameters are {@code :named}; times are epoch milliseconds.
 */
public interface Queries {

    /** Folder of this dialect's migrations under {@code db/}. */
    String migrationsFolder();

    String insertSchedule();

    String findSchedule();

    String listSchedules();

    String deleteSchedule();

    String findDue();

    String advanceSchedule();

    String insertRun();

    String findRun();

    String findUnfinishedRuns();

    String startAttempt();

    String noteRetry();

    String finishRun();

    String listRuns();

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
