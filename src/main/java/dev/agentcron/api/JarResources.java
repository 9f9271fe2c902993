package dev.agentcron.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Files the server serves from its own jar, read once at start; a missing one is a broken build. */
final class JarResources {

    private JarResources() {}

    /** The bytes of {@code path} (e.g. {@code web/openapi.json}) on the class path. */
    static byte[] read(String path) {
        try (InputStream in = JarResources.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " from the jar", e);
        }
    }
}
