package dev.agentcron.domain;

/**
 * Told about every committed schedule write, so the engine can put a schedule due soon on its timer at
 * once instead of waiting for its next load. Implementations must be cheap and must not block.
 */
public interface ScheduleChanges {

    void saved(Schedule schedule);

    void removed(ScheduleId id);

    ScheduleChanges NONE = new ScheduleChanges() {
        @Override
        public void saved(Schedule schedule) {}

        @Override
        public void removed(ScheduleId id) {}
    };
}
