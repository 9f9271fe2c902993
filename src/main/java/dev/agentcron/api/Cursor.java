package dev.agentcron.api;

import dev.agentcron.service.ServiceException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A keyset cursor as the APIs hand it out: opaque (URL-safe base64) text for "after the row whose sort key is
 * {@code key} and id is {@code id}". A cursor the server did not give out is a 400, never a 500.
 */
public record Cursor(long key, String id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((key + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor in query parameter {@code value}; null when there is none. */
    public static Cursor decode(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return new Cursor(Long.parseLong(decoded.substring(0, colon)), decoded.substring(colon + 1));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw new ServiceException.InvalidInput("cursor", "is not a cursor this server gave out");
        }
    }
}
