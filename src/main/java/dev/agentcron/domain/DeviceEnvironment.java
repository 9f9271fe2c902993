package dev.agentcron.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a Letta server says of a computer connected to it: letta-code's remote environments
 * ({@code GET /v1/environments/{device_id}} on Letta Cloud). agentcron keeps no devices of its own; it asks the
 * Letta server it delivers to, so that a message meant for a device reaches that device or, as on Letta Cloud,
 * the agent itself when the device is offline.
 */
public sealed interface DeviceEnvironment {

    /**
     * The server knows the device.
     *
     * @param connection the environment as the server describes it, cut to the fields letta-code reads
     * @param connectionId the live connection to send to; null when the device is not connected
     * @param online connected, with a heartbeat in the last two minutes (letta-code's own rule)
     */
    record Registered(ObjectNode connection, String connectionId, boolean online) implements DeviceEnvironment {}

    /** The server does not know the device (or keeps no environments, as a self-hosted Letta). */
    record Unknown() implements DeviceEnvironment {}

    /** The server could not be asked: no answer in time, unreachable, or an answer that is not an environment. */
    record Unanswered(String reason) implements DeviceEnvironment {}
}
