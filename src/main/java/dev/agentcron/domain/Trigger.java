package dev.agentcron.domain;

import dev.agentcron.domain.cron.CronExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/** When a schedule fires. Every switch over it is exhaustive, so a new variant fails to compile where unhandled. */
public sealed interface Trigger permits Trigger.At, Trigger.Cron, Trigger.Every {

    /** The first fire time strictly after {@code after}, or empty when the trigger has no more. */
    Optional<Instant> nextAfter(Instant after);

    /** True when the trigger fires at most once. */
    default boolean isOneTime() {
        return this instanceof At;
    }

    /** Fires once, at {@code at}. */
    record At(Instant at) implements Trigger {
        public At {
            Objects.requireNonNull(at, "at");
        }

        @Override
        public Optional<Instant> nextAfter(Instant after) {
            return at.isAfter(after) ? Optional.of(at) : Optional.empty();
        }
    }

    /**
     * Fires on every match of a cron expression, read as wall time in {@code zone}, from {@code startAt} (if set)
     * up to and including {@code endAt} (if set).
     */
    record Cron(CronExpression expression, ZoneId zone, Instant startAt, Instant endAt) implements Trigger {
        public Cron {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(zone, "zone");
            if (startAt != null && endAt != null && endAt.isBefore(startAt)) {
                throw new IllegalArgumentException("end_at " + endAt + " is before start_at " + startAt);
            }
        }

        public Cron(CronExpression expression, ZoneId zone) {
            this(expression, zone, null, null);
        }

        /** UTC, unbounded: what both public APIs mean by a cron expression. */
        public static Cron utc(CronExpression expression) {
            return new Cron(expression, ZoneOffset.UTC);
        }

        @Override
        public Optional<Instant> nextAfter(Instant after) {
            Instant from = startAt != null && after.isBefore(startAt) ? startAt.minusMillis(1) : after;
            return expression.nextAfter(from, zone).filter(next -> endAt == null || !next.isAfter(endAt));
        }
    }

    /** Fires every {@code interval}, counted from {@code anchor}, up to and including {@code endAt} (if set). */
    record Every(Duration interval, Instant anchor, Instant endAt) implements Trigger {
        public Every {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(anchor, "anchor");
            if (interval.toMillis() < 1) {
                throw new IllegalArgumentException("interval must be at least 1 ms, got " + interval);
            }
            if (endAt != null && endAt.isBefore(anchor)) {
                throw new IllegalArgumentException("end_at " + endAt + " is before the start " + anchor);
            }
        }

        public Every(Duration interval, Instant anchor) {
            this(interval, anchor, null);
        }

        @Override
        public Optional<Instant> nextAfter(Instant after) {
            Instant next;
            if (after.isBefore(anchor)) {
                next = anchor;
            } else {
                long step = interval.toMillis();
                long elapsed = after.toEpochMilli() - anchor.toEpochMilli();
                next = anchor.plusMillis((elapsed / step + 1) * step);
            }
            return endAt != null && next.isAfter(endAt) ? Optional.empty() : Optional.of(next);
        }
    }
}
