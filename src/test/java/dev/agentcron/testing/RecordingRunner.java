package dev.agentcron.testing;

import dev.agentcron.runner.Delivery;
import dev.agentcron.runner.DeliveryOutcome;
import dev.agentcron.runner.Runner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Records every delivery attempt and answers from a script; once the script is used up, it answers success. */
public final class RecordingRunner implements Runner {

    private final List<Delivery> deliveries = new ArrayList<>();
    private final Deque<DeliveryOutcome> script = new ArrayDeque<>();

    public synchronized RecordingRunner thenAnswer(DeliveryOutcome... outcomes) {
        script.addAll(List.of(outcomes));
        return this;
    }

    @Override
    public synchronized DeliveryOutcome deliver(Delivery delivery) {
        deliveries.add(delivery);
        DeliveryOutcome next = script.poll();
        return next != null ? next : new DeliveryOutcome.Delivered("{\"messages\":[],\"stop_reason\":{\"stop_reason\":\"end_turn\"}}");
    }

    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }
}
