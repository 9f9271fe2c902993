package dev.agentcron.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * An immutable JSON object: a face's request body kept with its schedule, or a run's frozen input. Jackson's
 * nodes are mutable, so this one is held privately and every read hands out a copy; no holder of a
 * {@link Schedule} or {@link Run} can change what another sees.
 */
public final class JsonDocument {

    private final ObjectNode node;

    private JsonDocument(ObjectNode node) {
        this.node = node;
    }

    /** A document of {@code node} as it is now; later changes to {@code node} do not reach it. */
    public static JsonDocument of(ObjectNode node) {
        return new JsonDocument(Objects.requireNonNull(node, "node").deepCopy());
    }

    /** A copy to read or to change. */
    public ObjectNode copy() {
        return node.deepCopy();
    }

    public boolean has(String field) {
        return node.hasNonNull(field);
    }

    /** The text of a top-level field, or {@code fallback} when it is absent or not text. */
    public String text(String field, String fallback) {
        return node.path(field).isTextual() ? node.get(field).asText() : fallback;
    }

    /** This object as JSON text. */
    public String json() {
        return node.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonDocument document && document.node.equals(node);
    }

    @Override
    public int hashCode() {
        return node.hashCode();
    }

    @Override
    public String toString() {
        return json();
    }
}
