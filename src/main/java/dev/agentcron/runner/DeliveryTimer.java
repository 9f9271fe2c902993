package dev.agentcron.runner;

import java.time.Duration;

/** Told how long each delivery took, and by which runner, for the delivery latency metric. */
public interface DeliveryTimer {

    void took(String runner, Duration duration);

    DeliveryTimer NONE = (runner, duration) -> {};
}
