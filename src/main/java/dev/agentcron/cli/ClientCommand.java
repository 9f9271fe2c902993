package dev.agentcron.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that calls a server. Which server and which key: {@code --url} and {@code --key}, else
 * {@code AGENTCRON_URL} and {@code AGENTCRON_KEY}, else the profile file ({@code AGENTCRON_PROFILE}, by default
 * {@code ~/.config/agentcron/profile}, a properties file with {@code url} and {@code key}); the URL defaults to
 * {@code http://localhost:8285}. Exit codes: 0 done, 1 failed, 2 usage, 4 not authorised.
 */
abstract class ClientCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", description = "The server, e.g. http://localhost:8285 (or AGENTCRON_URL).")
    String url;

    @Option(names = "--key", description = "The API key (or AGENTCRON_KEY).")
    String key;

    @Option(names = {"-o", "--output"}, description = "table (default), json or jsonl.", defaultValue = "table")
    String output;

    /** Does the work against {@code client}, printing to {@code out}; returns the exit code. */
    abstract int run(Client client, Output format, PrintWriter out);

    @Override
    public final Integer call() {
        Output format;
        try {
            format = Output.valueOf(output.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("agentcron: -o must be table, json or jsonl, got \"" + output + "\"");
            return 2;
        }
        try {
            return run(client(), format, spec.commandLine().getOut());
        } catch (Client.Failure failure) {
            spec.commandLine().getErr().println("agentcron: " + failure.getMessage());
            spec.commandLine().getErr().flush();
            return failure.exitCode;
        }
    }

    private Client client() {
        Properties profile = profile();
        String server = first(url, System.getenv("AGENTCRON_URL"), profile.getProperty("url"), "http://localhost:8285");
        String secret = first(key, System.getenv("AGENTCRON_KEY"), profile.getProperty("key"), null);
        return new Client(URI.create(server.endsWith("/") ? server : server + "/"), secret);
    }

    private static Properties profile() {
        String named = System.getenv("AGENTCRON_PROFILE");
        Path file = named != null ? Path.of(named) : Path.of(System.getProperty("user.home"), ".config", "agentcron", "profile");
        Properties properties = new Properties();
        if (Files.isReadable(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new Client.Failure(2, "cannot read the profile " + file + ": " + e.getMessage());
            }
        }
        return properties;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** {@code value} encoded for a path segment or a query parameter. */
    /** Adds {@code &name=value} to a path that already has a query, when {@code value} is given. */
    static void append(StringBuilder path, String name, String value) {
        if (value != null) {
            path.append('&').append(name).append('=').append(encode(value));
        }
    }

    static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
