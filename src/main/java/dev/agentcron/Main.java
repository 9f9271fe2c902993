package dev.agentcron;

import dev.agentcron.api.Json;
import dev.agentcron.cli.RunCommands;
import dev.agentcron.cli.ScheduleCommands;
import dev.agentcron.cli.TriggerCommands;
import dev.agentcron.config.AgentcronConfig;
import dev.agentcron.config.ConfigException;
import dev.agentcron.config.ConfigLoader;
import dev.agentcron.domain.AgentScope;
import dev.agentcron.domain.Caller;
import dev.agentcron.domain.IdGenerator;
import dev.agentcron.domain.Role;
import dev.agentcron.domain.WireTime;
import dev.agentcron.service.ApiKeys;
import dev.agentcron.service.AuditLog;
import dev.agentcron.service.ServiceException;
import dev.agentcron.store.Database;
import dev.agentcron.store.TransactionTimer;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code java -jar agentcron.jar [serve | keys create ...]}; with no command it serves. */
@Command(name = "agentcron", mixinStandardHelpOptions = true, version = "agentcron 0.1.0",
        description = "A durable scheduler that wakes AI agents.",
        subcommands = {Main.Serve.class, Main.Migrate.class, Main.Keys.class, ScheduleCommands.class, RunCommands.class,
            TriggerCommands.PreviewCommand.class, TriggerCommands.ParseCommand.class})
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        App.allowPinnedHosts();
        System.exit(new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() {
        return new Serve().call();
    }

    private static AgentcronConfig config() {
        try {
            ConfigLoader.unknownKeys(System.getenv()).forEach(warning -> System.err.println("agentcron: warning: " + warning));
            return ConfigLoader.load(System.getenv());
        } catch (ConfigException e) {
            System.err.println("agentcron: " + e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.BindException || cause.getClass().getSimpleName().contains("BindException")) {
                return true;
            }
        }
        return false;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the APIs and fire schedules (the default).")
    static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() {
            AgentcronConfig config = config();
            LogOutput.use(config.logFormat());
            App app;
            try {
                app = App.start(config, InstantSource.system(), System.out);
            } catch (RuntimeException e) {
                if (isBindFailure(e)) {
                    System.err.println("agentcron: cannot listen on " + config.host() + ":" + config.port()
                            + ": the port is in use (set AGENTCRON_PORT to another)");
                    return 1;
                }
                throw e;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                stopped.countDown();
            }, "agentcron-shutdown"));
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply the database migrations, then exit.")
    static final class Migrate implements Callable<Integer> {
        @Override
        public Integer call() {
            AgentcronConfig config = config();
            try (Database database = App.openDatabase(config, Json.mapper(), TransactionTimer.NONE)) {
                System.out.println("migrated " + (config.database().isShared() ? "PostgreSQL " + config.database().url()
                        : "SQLite " + config.dataDir().toAbsolutePath().resolve("agentcron.db")));
            }
            return 0;
        }
    }

    @Command(name = "keys", mixinStandardHelpOptions = true,
            description = "Manage API keys in the configured store, as the operator of this machine.",
            subcommands = {Keys.Create.class, Keys.List.class, Keys.Revoke.class})
    static final class Keys {

        /** The keys of the configured store, used by {@code body}, which prints what to show. */
        private static int withKeys(Function<ApiKeys, String> body) {
            AgentcronConfig config = config();
            try (Database database = App.openDatabase(config, Json.mapper(), TransactionTimer.NONE)) {
                InstantSource clock = InstantSource.system();
                IdGenerator ids = new IdGenerator(clock);
                System.out.println(body.apply(new ApiKeys(database.store(), ids, clock, new AuditLog(database.store(), ids, clock))));
                System.err.println("(store: " + (config.database().isShared() ? "PostgreSQL " + config.database().url()
                        : "SQLite " + config.dataDir().toAbsolutePath().resolve("agentcron.db")) + ")");
            } catch (ServiceException e) {
                System.err.println("agentcron: " + e.getMessage());
                return 1;
            }
            return 0;
        }

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an API key and print it (it is shown only once).")
        static final class Create implements Callable<Integer> {
            @Option(names = "--principal", description = "The user the key acts as, or team:<name> (default: ${DEFAULT-VALUE}).",
                    defaultValue = ApiKeys.ADMIN)
            String principal;

            @Option(names = "--name", description = "A label for the key.", defaultValue = "created by the CLI")
            String name;

            @Option(names = "--role", description = "admin, editor or viewer (default: ${DEFAULT-VALUE}).", defaultValue = "admin")
            String role;

            @Option(names = "--teams", description = "Teams the user belongs to, comma-separated: their schedules are the key's too.",
                    split = ",")
            java.util.List<String> teams = java.util.List.of();

            @Option(names = "--agents", description = "Agents the key may message: a list (a,b) or a prefix (research-*). Default: any.")
            String agents;

            @Option(names = "--expires", description = "When the key stops working, RFC 3339 (default: never).")
            String expires;

            @Override
            public Integer call() {
                Role parsed = Role.fromWire(role);
                if (parsed == null) {
                    System.err.println("agentcron: --role must be admin, editor or viewer, got \"" + role + "\"");
                    return 2;
                }
                AgentScope scope;
                Instant expiresAt;
                try {
                    scope = AgentScope.parse(agents);
                    expiresAt = expires == null ? null : WireTime.parse(expires);
                } catch (IllegalArgumentException e) {
                    System.err.println("agentcron: " + e.getMessage());
                    return 2;
                }
                ApiKeys.NewKey key = new ApiKeys.NewKey(name, principal, Set.copyOf(teams), parsed, scope, expiresAt);
                return withKeys(keys -> keys.create(Caller.operator(), key).secret());
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys: id, name, principal, role, teams, agents, state.")
        static final class List implements Callable<Integer> {
            @Override
            public Integer call() {
                return withKeys(keys -> keys.list(Caller.operator()).stream()
                        .map(k -> String.join("\t", k.id(), k.name(), k.principal(), k.role(), k.teams().isEmpty() ? "-" : k.teams(),
                                k.agents().isEmpty() ? "any agent" : k.agents(),
                                k.revokedAt() != null ? "revoked " + WireTime.format(k.revokedAt())
                                        : k.expiresAt() != null ? "expires " + WireTime.format(k.expiresAt()) : "active",
                                k.lastUsedAt() == null ? "never used" : "last used " + WireTime.format(k.lastUsedAt())))
                        .collect(Collectors.joining("\n")));
            }
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key: refused at once on every node.")
        static final class Revoke implements Callable<Integer> {
            @Parameters(index = "0", description = "The key's id, as keys list shows it.")
            String id;

            @Override
            public Integer call() {
                return withKeys(keys -> {
                    keys.revoke(Caller.operator(), id);
                    return "revoked " + id;
                });
            }
        }
    }
}
