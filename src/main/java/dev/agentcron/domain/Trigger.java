package dev.agentcron.domain;

import dev.agentcron.domain.cron.CronExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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

    /** Fires on every match of a cron expression, read as wall time in {@code zone}. */
    record Cron(CronExpression expression, ZoneId zone) implements Trigger {
        public Cron {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(zone, "zone");
        }

        @Override
        public Optional<Instant> nextAfter(Instant after) {
            return expression.nextAfter(after, zone);
        }
    }

    /** Fires every {@code interval}, counted from {@code anchor}. */
    record Every(Duration interval, Instant anchor) implements Trigger {
        public Every {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(anchor, "anchor");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval must be positive, got " + interval);
            }
        }

        @Override
        public Optional<Instant> nextAfter(Instant after) {
            if (after.isBefore(anchor)) {
                return Optional.of(anchor);
            }
            long step = interval.toMillis();
            long elapsed = after.toEpochMilli() - anchor.toEpochMilli();
            return Optional.of(anchor.plusMillis((elapsed / step + 1) * step));
        }
    }
}
