package dev.agentcron.service;

import dev.agentcron.domain.NaturalTrigger;
import dev.agentcron.domain.Preview;
import dev.agentcron.domain.Trigger;
import java.time.InstantSource;
import java.time.ZoneId;

/** Shows when a trigger would fire, and reads triggers written in words. Writes nothing. */
public final class PreviewService {

    public static final int MAX_COUNT = 100;

    private final InstantSource clock;

    public PreviewService(InstantSource clock) {
        this.clock = clock;
    }

    /** The next {@code count} fires after {@code from}, or after now when {@code from} is null. */
    public Preview.Result preview(Trigger trigger, java.time.Instant from, int count) {
        return Preview.of(trigger, from != null ? from : clock.instant(), count);
    }

    public NaturalTrigger.Parsed parse(String text, ZoneId zone) {
        try {
            return NaturalTrigger.parse(text, zone, clock.instant());
        } catch (IllegalArgumentException e) {
            throw new ServiceException.InvalidInput("text", e.getMessage());
        }
    }
}
