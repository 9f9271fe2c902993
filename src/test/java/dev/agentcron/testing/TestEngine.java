package dev.agentcron.testing;

import dev.agentcron.runner.HttpCall;
import dev.agentcron.api.Json;
import dev.agentcron.callback.CallbackBodies;
import dev.agentcron.callback.CallbackSender;
import dev.agentcron.callback.WebhookSignature;
import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.Schedule;
import dev.agentcron.domain.ScheduleId;
import dev.agentcron.domain.TargetPolicy;
import dev.agentcron.engine.Alarm;
import dev.agentcron.engine.Backoff;
import dev.agentcron.engine.CallbackOutbox;
import dev.agentcron.engine.ChangeInbox;
import dev.agentcron.engine.Completions;
import dev.agentcron.engine.Dispatcher;
import dev.agentcron.engine.DueQueue;
import dev.agentcron.engine.Engine;
import dev.agentcron.engine.EngineMetrics;
import dev.agentcron.engine.Finisher;
import dev.agentcron.engine.Firer;
import dev.agentcron.engine.Loader;
import dev.agentcron.engine.Ownership;
import dev.agentcron.engine.Pruner;
import dev.agentcron.engine.Recovery;
import dev.agentcron.runner.Runner;
import dev.agentcron.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;

/**
 * An engine wired part by part as the composition root wires it, with small test settings (5 s look-ahead,
 * loads of 100, groups of 50, four attempts 1 s apart, callbacks to loopback only), and its parts in reach.
 */
public final class TestEngine {

    public final Engine engine;
    public final ChangeInbox changes;
    public final Dispatcher dispatcher;
    public final CallbackOutbox callbacks;
    public final DueQueue queue;
    public final Alarm alarm;
    public final MeterRegistry registry = new SimpleMeterRegistry();

    /** Batch sizes and concurrency: small for tests, the server's own for the benchmark. */
    private record Sizes(int loadBatch, int fireBatch, int maxConcurrent) {}

    private static final Sizes TEST = new Sizes(100, 50, 8);
    private static final Sizes SERVER = new Sizes(2_000, 500, 256);

    private TestEngine(Store store, Runner runner, Executor executor, InstantSource clock, Ownership ownership, IdGenerator ids,
            Sizes sizes) {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        SplittableRandom random = new SplittableRandom(7);
        alarm = new Alarm();
        queue = new DueQueue(alarm);
        EngineMetrics metrics = new EngineMetrics(registry, queue);
        CallbackSender sender = new CallbackSender(new HttpCall(HttpClient.newHttpClient(), 1 << 20), new WebhookSignature("whsec_c2VjcmV0"),
                new TargetPolicy(Set.of("127.0.0.1")), Duration.ofSeconds(5));
        callbacks = new CallbackOutbox(new CallbackOutbox.Settings(3, backoff), store, sender, executor, queue, clock, random, metrics);
        Finisher finisher = new Finisher(new Completions(store, executor, queue, clock), callbacks, new CallbackBodies(Json.mapper()), ids,
                clock, metrics, id -> {});
        dispatcher = new Dispatcher(new Dispatcher.Settings(4, backoff, sizes.maxConcurrent()), store, runner, finisher, executor, queue, clock, random, metrics);
        changes = new ChangeInbox(store, ownership, alarm);
        engine = new Engine(clock, ownership, queue, new Engine.Steps(
                new Recovery(store, dispatcher, callbacks, queue),
                changes,
                new Loader(new Loader.Settings(Duration.ofSeconds(5), sizes.loadBatch()), store, queue),
                new Firer(new Firer.Settings(sizes.fireBatch(), Duration.ofHours(1)), store, queue, dispatcher, ids, metrics),
                new Pruner(Duration.ofDays(30), store)));
    }

    public static TestEngine on(Store store, Runner runner, Executor executor, InstantSource clock) {
        return on(store, runner, executor, clock, Ownership.SINGLE_NODE);
    }

    public static TestEngine on(Store store, Runner runner, Executor executor, InstantSource clock, Ownership ownership) {
        return new TestEngine(store, runner, executor, clock, ownership, new IdGenerator(clock), TEST);
    }

    /** With the server's batch sizes and delivery concurrency, for the benchmark. */
    public static TestEngine sizedAsTheServer(Store store, Runner runner, Executor executor, InstantSource clock) {
        return new TestEngine(store, runner, executor, clock, Ownership.SINGLE_NODE, new IdGenerator(clock), SERVER);
    }

    public Duration runOnce() {
        return engine.runOnce();
    }

    public void recover() {
        engine.recover();
    }

    public void saved(Schedule schedule) {
        changes.saved(schedule);
    }

    public void removed(ScheduleId id) {
        changes.removed(id);
    }
}
