package dev.agentcron;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentcron.api.ApiKeyAuth;
import dev.agentcron.api.HttpServer;
import dev.agentcron.api.Json;
import dev.agentcron.api.OpsRoutes;
import dev.agentcron.api.RateLimiter;
import dev.agentcron.api.DashboardRoutes;
import dev.agentcron.api.ReferenceRoutes;
import dev.agentcron.api.letta.LettaEnvironmentRoutes;
import dev.agentcron.api.letta.LettaRoutes;
import dev.agentcron.api.oz.OzRoutes;
import dev.agentcron.api.nativeapi.AccessRoutes;
import dev.agentcron.api.nativeapi.ListingRoutes;
import dev.agentcron.api.nativeapi.NativeRoutes;
import dev.agentcron.service.PreviewService;
import dev.agentcron.callback.CallbackBodies;
import dev.agentcron.callback.CallbackSender;
import dev.agentcron.callback.WebhookSignature;
import dev.agentcron.config.AgentcronConfig;
import dev.agentcron.config.ConfigLoader;
import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.RunId;
import dev.agentcron.domain.TargetPolicy;
import dev.agentcron.engine.Alarm;
import dev.agentcron.engine.Backoff;
import dev.agentcron.engine.CalibratedClock;
import dev.agentcron.engine.CallbackOutbox;
import dev.agentcron.engine.ChangeInbox;
import dev.agentcron.engine.Completions;
import dev.agentcron.engine.Dispatcher;
import dev.agentcron.engine.DueQueue;
import dev.agentcron.engine.Engine;
import dev.agentcron.engine.EngineLoop;
import dev.agentcron.engine.EngineMetrics;
import dev.agentcron.engine.Finisher;
import dev.agentcron.engine.Firer;
import dev.agentcron.engine.LeaseKeeper;
import dev.agentcron.engine.Loader;
import dev.agentcron.engine.Ownership;
import dev.agentcron.engine.Pruner;
import dev.agentcron.engine.Recovery;
import dev.agentcron.runner.HttpCall;
import dev.agentcron.runner.LettaEnvironments;
import dev.agentcron.service.ApiKeys;
import dev.agentcron.service.AuditLog;
import dev.agentcron.service.RunService;
import dev.agentcron.service.ScheduleService;
import dev.agentcron.store.Database;
import dev.agentcron.store.Databases;
import dev.agentcron.store.Store;
import dev.agentcron.store.TransactionTimer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component with plain {@code new}, in dependency order, and owns the
 * start and stop order. Nothing else in the codebase wires components together.
 */
public final class App implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(App.class);
    static final String CALLBACK_SECRET_SETTING = "callback_secret";
    /** Look-ahead loads and fire transactions are sized so one group commit covers a burst's worth of fires. */
    private static final int LOAD_BATCH = 2_000;
    private static final int FIRE_BATCH = 500;

    private final AgentcronConfig config;
    private final Store store;
    private final EngineLoop loop;
    private final HttpServer http;
    private final AutoCloseable listening;
    private final Alarm alarm;

    private App(AgentcronConfig config, Store store, EngineLoop loop, HttpServer http, AutoCloseable listening, Alarm alarm) {
        this.config = config;
        this.store = store;
        this.loop = loop;
        this.http = http;
        this.listening = listening;
        this.alarm = alarm;
    }

    /**
     * What a running server tells whoever started it, as it happens (River's test signals): tests wait on these
     * instead of polling.
     *
     * @param runEnded a run's end has been written
     */
    public record Signals(Consumer<RunId> runEnded) {
        public static final Signals NONE = new Signals(id -> {});
    }

    /** Builds and starts a server; what must be shown once (a generated key or secret) goes to {@code out}. */
    public static App start(AgentcronConfig config, InstantSource clock, PrintStream out) {
        return start(config, clock, out, Signals.NONE);
    }

    /**
     * Lets outbound requests carry a {@code Host} header of their own, which a callback sent to the address its
     * name was checked against needs (see {@link TargetPolicy#decide}). The JDK's HTTP client reads this once,
     * when it is first used, so {@link Main} calls this first thing.
     */
    static void allowPinnedHosts() {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    /** As {@link #start(AgentcronConfig, InstantSource, PrintStream)}, telling {@code signals} what happens. */
    public static App start(AgentcronConfig config, InstantSource clock, PrintStream out, Signals signals) {
        allowPinnedHosts();
        ConfigLoader.describe(config).forEach((key, value) -> log.info("config {}={}", key, value));
        ObjectMapper json = Json.mapper();
        AgentcronConfig.Database db = config.database();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Database database = openDatabase(config, json, Meters.storeTimer(registry));
        Store store = database.store();
        try {
            // In a cluster the engine keeps time by the database clock, so a node whose clock is ahead never
            // fires early, and leases say which buckets it fires.
            CalibratedClock engineClock = new CalibratedClock(clock);
            LeaseKeeper keeper = database.leases()
                    .map(leases -> new LeaseKeeper(new LeaseKeeper.Settings(db.nodeId(), db.leaseTtl(), db.leaseRenew()),
                            leases, engineClock, System::nanoTime))
                    .orElse(null);
            IdGenerator ids = new IdGenerator(clock);
            AuditLog audit = new AuditLog(store, ids, clock);
            ApiKeys keys = new ApiKeys(store, ids, clock, audit);
            keys.bootstrap(config.apiKey()).ifPresent(key -> announce(out, "admin API key (shown once; only its hash is stored)", key));
            String secret = callbackSecret(config, store, out);

            RandomGenerator random = new SecureRandom();
            HttpClient httpClient = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            HttpCall outbound = new HttpCall(httpClient, config.limits().maxAnswerBytes());
            TargetPolicy targets = new TargetPolicy(config.allowedTargetHosts());
            LettaEnvironments environments = new LettaEnvironments(config.letta().baseUrl(), config.letta().token(), outbound, json, clock);
            ExecutorService deliveries = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("agentcron-delivery-", 0).factory());
            Ownership ownership = keeper != null ? keeper : Ownership.SINGLE_NODE;

            // The engine, part by part (engine/package-info.java has the picture).
            AgentcronConfig.Engine e = config.engine();
            Backoff backoff = new Backoff(e.retryBase(), e.retryMax());
            Alarm alarm = new Alarm();
            DueQueue queue = new DueQueue(alarm);
            EngineMetrics metrics = new EngineMetrics(registry, queue);
            CallbackOutbox callbacks = new CallbackOutbox(new CallbackOutbox.Settings(config.callbacks().maxAttempts(), backoff), store,
                    new CallbackSender(outbound, new WebhookSignature(secret, config.callbacks().previousSecret()), targets, config.callbacks().timeout()),
                    deliveries, queue, engineClock, random, metrics);
            Finisher finisher = new Finisher(new Completions(store, deliveries, queue, engineClock), callbacks, new CallbackBodies(json),
                    ids, engineClock, metrics, signals.runEnded());
            Dispatcher dispatcher = new Dispatcher(new Dispatcher.Settings(e.maxAttempts(), backoff, e.maxConcurrentDeliveries()),
                    store, Runners.build(config, secret, outbound, json, clock, Meters.deliveryTimer(registry)), finisher, deliveries, queue, engineClock, random, metrics);
            ChangeInbox changes = new ChangeInbox(store, ownership, alarm);
            Engine engine = new Engine(engineClock, ownership, queue, new Engine.Steps(
                    new Recovery(store, dispatcher, callbacks, queue),
                    changes,
                    new Loader(new Loader.Settings(e.lookahead(), LOAD_BATCH), store, queue),
                    new Firer(new Firer.Settings(FIRE_BATCH, e.catchUpWindow()), store, queue, dispatcher, ids, metrics),
                    new Pruner(e.retention(), store)));

            AgentcronConfig.Limits limits = config.limits();
            ScheduleService schedules = new ScheduleService(store, changes, ids, clock, targets, audit,
                    new ScheduleService.Limits(limits.maxSchedules(), limits.minInterval()));
            RunService runs = new RunService(store, schedules, dispatcher, ids, clock, audit, callbacks::enqueue);
            HttpServer http = new HttpServer(
                    new HttpServer.Settings(config.host(), config.port(), config.basePath(), config.maxBodyBytes()),
                    json,
                    new ApiKeyAuth(keys, new RateLimiter(limits.requestsPerSecond(), limits.burst(), System::nanoTime)),
                    List.of(new OpsRoutes(registry, () -> isReady(store)), new LettaRoutes(schedules, json),
                            new LettaEnvironmentRoutes(environments::find),
                            new OzRoutes(schedules, runs, json),
                            new NativeRoutes(new PreviewService(clock), schedules, runs, json),
                            new ListingRoutes(schedules, runs, json),
                            new DashboardRoutes(),
                            new AccessRoutes(keys, audit, json),
                            new ReferenceRoutes(json, config.basePath())));

            EngineLoop loop = new EngineLoop(engine, alarm, dispatcher, deliveries, keeper);
            if (keeper != null) {
                keeper.start();
            }
            loop.start();
            AutoCloseable listening = db.isShared() ? store.listen(changes::heard) : () -> {};
            http.start();
            warmUp(httpClient, http.port(), config.basePath());
            Meters.gauges(registry, store, clock, keeper);
            log.info("agentcron {} serving on http://{}:{}{}/ (data in {})", version(), config.host(), http.port(), config.basePath(),
                    db.isShared() ? "PostgreSQL " + db.url() : config.dataDir().toAbsolutePath().resolve("agentcron.db"));
            return new App(config, store, loop, http, listening, alarm);
        } catch (RuntimeException ex) {
            store.close();
            throw ex;
        }
    }

    /** The database the configuration names: PostgreSQL when {@code AGENTCRON_DB_URL} is set, else the SQLite file. */
    static Database openDatabase(AgentcronConfig config, ObjectMapper json, TransactionTimer timer) {
        AgentcronConfig.Database db = config.database();
        return db.isShared()
                ? Databases.openPostgres(db.url(), db.user(), db.password(), db.poolSize(), db.leaseTtl(), json, timer)
                : Databases.openSqlite(config.dataDir(), config.sqliteSynchronous(), json, timer);
    }

    /** The version in the jar's manifest; "dev" when run from classes. */
    static String version() {
        String version = App.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    public int port() {
        return http.port();
    }

    /** Every route served, as {@code METHOD /path}. */
    public List<String> routes() {
        return http.routes();
    }

    /**
     * Makes the engine read its clock now rather than when it planned to. The server's own clock needs no
     * such nudge; a clock a test moves by hand does.
     */
    public void wake() {
        alarm.ring();
    }

    /** Stops taking requests, then stops firing and lets deliveries in flight finish, then closes the store. */
    @Override
    public void close() {
        http.stop();
        try {
            listening.close();
        } catch (Exception e) {
            log.warn("closing the change feed: {}", e.toString());
        }
        loop.stop(config.shutdownGrace());
        store.close();
        log.info("agentcron stopped");
    }

    private static String callbackSecret(AgentcronConfig config, Store store, PrintStream out) {
        if (config.callbacks().secret() != null) {
            return config.callbacks().secret();
        }
        Optional<String> stored = store.findSetting(CALLBACK_SECRET_SETTING);
        if (stored.isPresent()) {
            return stored.get();
        }
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String secret = store.insertSettingIfAbsent(CALLBACK_SECRET_SETTING, "whsec_" + Base64.getEncoder().encodeToString(bytes));
        announce(out, "callback signing secret (stored in the database; set AGENTCRON_CALLBACK_SECRET to choose your own)", secret);
        return secret;
    }

    /**
     * The first request through a fresh {@link HttpClient} loads and JIT-compiles its machinery, which made
     * the first delivery after a start ~50 ms late. One request to our own health route pays that cost at
     * startup, off the startup path, and calls no one else.
     */
    private static void warmUp(HttpClient client, int port, String basePath) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + basePath + "/healthz")).build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .exceptionally(e -> {
                    log.debug("warm-up request failed: {}", e.toString());
                    return null;
                });
    }

    private static boolean isReady(Store store) {
        try {
            store.countApiKeys();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void announce(PrintStream out, String what, String value) {
        out.println();
        out.println("  agentcron " + what + ":");
        out.println();
        out.println("      " + value);
        out.println();
        out.flush();
    }
}
