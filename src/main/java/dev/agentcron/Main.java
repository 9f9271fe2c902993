package dev.agentcron;

import dev.agentcron.api.Json;
import dev.agentcron.config.AgentcronConfig;
import dev.agentcron.config.ConfigException;
import dev.agentcron.config.ConfigLoader;
import dev.agentcron.domain.IdGenerator;
import dev.agentcron.service.ApiKeys;
import dev.agentcron.store.Database;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar agentcron.jar [serve | keys create ...]}; with no command it serves. */
@Command(name = "agentcron", mixinStandardHelpOptions = true, version = "agentcron 0.1.0",
        description = "A durable scheduler that wakes AI agents.",
        subcommands = {Main.Serve.class, Main.Keys.class})
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
            return ConfigLoader.load(System.getenv());
        } catch (ConfigException e) {
            System.err.println("agentcron: " + e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    @Command(name = "serve", description = "Serve the APIs and fire schedules (the default).")
    static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() {
            App app = App.start(config(), InstantSource.system(), System.out);
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

    @Command(name = "keys", description = "Manage API keys in the configured store.", subcommands = Keys.Create.class)
    static final class Keys {
        @Command(name = "create", description = "Create an API key and print it (it is shown only once).")
        static final class Create implements Callable<Integer> {
            @Option(names = "--principal", description = "Owner of the schedules the key sees (default: ${DEFAULT-VALUE}).",
                    defaultValue = ApiKeys.ADMIN)
            String principal;

            @Option(names = "--name", description = "A label for the key.", defaultValue = "created by the CLI")
            String name;

            @Override
            public Integer call() {
                AgentcronConfig config = config();
                try (Database database = App.openDatabase(config, Json.mapper())) {
                    InstantSource clock = InstantSource.system();
                    System.out.println(new ApiKeys(database.store(), new IdGenerator(clock), clock).create(principal, name));
                }
                return 0;
            }
        }
    }
}
