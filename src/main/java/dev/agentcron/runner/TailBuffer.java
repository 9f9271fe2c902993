package dev.agentcron.runner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the last {@code limit} bytes of a stream and counts the rest, so a chatty process cannot fill the
 * heap; the end of an agent's output is where its answer and its errors are.
 */
final class TailBuffer {

    private final byte[] ring;
    private long total;

    TailBuffer(int limit) {
        this.ring = new byte[limit];
    }

    /** Reads {@code in} to its end. */
    void drain(InputStream in) throws IOException {
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk)) != -1; ) {
            append(chunk, n);
        }
    }

    private synchronized void append(byte[] chunk, int n) {
        for (int i = 0; i < n; i++) {
            ring[(int) ((total + i) % ring.length)] = chunk[i];
        }
        total += n;
    }

    /** The kept bytes as text, prefixed with a note of how much was dropped. */
    synchronized String text() {
        if (total <= ring.length) {
            return new String(ring, 0, (int) total, StandardCharsets.UTF_8);
        }
        int start = (int) (total % ring.length);
        byte[] ordered = new byte[ring.length];
        System.arraycopy(ring, start, ordered, 0, ring.length - start);
        System.arraycopy(ring, 0, ordered, ring.length - start, start);
        return "[" + (total - ring.length) + " earlier bytes dropped]\n" + new String(ordered, StandardCharsets.UTF_8);
    }

    /** The last {@code chars} characters, for an error message. */
    String tail(int chars) {
        String text = text().strip();
        return text.length() <= chars ? text : "…" + text.substring(text.length() - chars);
    }
}
