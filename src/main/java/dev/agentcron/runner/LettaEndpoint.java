package dev.agentcron.runner;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A Letta server: where its routes are and the headers every request to it carries.
 *
 * @param token Bearer token; null sends no Authorization header
 */
record LettaEndpoint(URI baseUrl, String token) {

    /** The route at {@code path} (already encoded, starting with {@code /}). */
    URI uri(String path) {
        return URI.create(baseUrl.toString().replaceAll("/+$", "") + path);
    }

    String[] headers() {
        return token == null
                ? new String[] {"User-Agent", "agentcron"}
                : new String[] {"User-Agent", "agentcron", "Authorization", "Bearer " + token};
    }

    /** {@code value} as one path segment. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
