package dev.agentcron.engine;

import dev.agentcron.domain.ScheduleId;
import java.util.Optional;

/**
 * What a node tells the others sharing its store when it changed a schedule: its own name (so it can ignore
 * its echo) and the schedule's id. On the wire, the two separated by one space.
 */
record Announcement(String node, ScheduleId schedule) {

    String encode() {
        return node + " " + schedule.value();
    }

    /** The announcement in {@code message}, or empty when it is not one. */
    static Optional<Announcement> decode(String message) {
        int space = message.indexOf(' ');
        if (space <= 0 || space == message.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Announcement(message.substring(0, space), new ScheduleId(message.substring(space + 1))));
    }
}
