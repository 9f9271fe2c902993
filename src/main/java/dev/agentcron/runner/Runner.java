package dev.agentcron.runner;

/**
 * Delivers one attempt of a run to an agent. Expected failures are values ({@link DeliveryOutcome}), not
 * exceptions; an implementation throws only for a bug.
 */
public interface Runner {
    DeliveryOutcome deliver(Delivery delivery);
}
