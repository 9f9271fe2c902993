package dev.agentcron.testing;

import dev.agentcron.App;
import dev.agentcron.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/** An agentcron in this JVM on a free loopback port, its data in {@code dir}, with {@code key} as its admin key. */
public final class LocalServer {

    private LocalServer() {}

    public static App start(Path dir, String key, InstantSource clock, App.Signals signals) {
        return start(dir, key, clock, signals, Map.of());
    }

    /** As {@link #start(Path, String, InstantSource, App.Signals)}, with more settings. */
    public static App start(Path dir, String key, InstantSource clock, App.Signals signals, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.putAll(Map.of("AGENTCRON_PORT", "0", "AGENTCRON_HOST", "127.0.0.1", "AGENTCRON_DATA_DIR", dir.toString(),
                "AGENTCRON_API_KEY", key));
        return App.start(ConfigLoader.load(env), clock, new PrintStream(new ByteArrayOutputStream()), signals);
    }

    /** A client of {@code app} that shows {@code key} (none when null). */
    public static Api api(App app, String key) {
        return new Api("http://127.0.0.1:" + app.port(), key);
    }
}
