package dev.agentcron.store;

import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Named query parameters, each with its SQL type, so that a null binds as a typed NULL: PostgreSQL must know
 * a parameter's type, and with it no SQL text needs a cast. The overload chosen by a value's static type sets
 * the SQL type; {@code with(name, null)} does not compile, which is the point. Instants are epoch
 * milliseconds; booleans are 1 and 0 (SQLite has no boolean type).
 */
final class Params {

    /**
     * One bound value; {@code value} is a {@link String}, {@link Long}, {@link Integer}, a {@link List} of those, a
     * {@link Column}, or null.
     */
    record Value(Object value, int sqlType) {}

    /** The values of one name across a group of rows, bound as one array of {@code elementType}. */
    record Column(List<Object> elements, int elementType) {}

    private final Map<String, Value> values = new HashMap<>();

    private Params() {}

    static Params create() {
        return new Params();
    }

    Params with(String name, String value) {
        return put(name, value, Types.VARCHAR);
    }

    Params with(String name, Instant value) {
        return put(name, value == null ? null : value.toEpochMilli(), Types.BIGINT);
    }

    Params with(String name, Long value) {
        return put(name, value, Types.BIGINT);
    }

    Params with(String name, long value) {
        return put(name, value, Types.BIGINT);
    }

    Params with(String name, Integer value) {
        return put(name, value, Types.INTEGER);
    }

    Params with(String name, int value) {
        return put(name, value, Types.INTEGER);
    }

    Params with(String name, boolean value) {
        return put(name, value ? 1 : 0, Types.INTEGER);
    }

    /** For {@code IN (:name)}: one placeholder per element (strings or integers). */
    Params with(String name, Collection<?> many) {
        return put(name, List.copyOf(many), Types.OTHER);
    }

    /**
     * A group of rows (each with the same names) as one set of parameters: each name bound to the array of the
     * rows' values, in order, for a statement that reads them with PostgreSQL's {@code unnest}.
     */
    static Params columns(List<Params> rows) {
        Params columns = create();
        for (Map.Entry<String, Value> first : rows.getFirst().values.entrySet()) {
            List<Object> elements = new ArrayList<>(rows.size());
            rows.forEach(row -> elements.add(row.values.get(first.getKey()).value()));
            columns.put(first.getKey(), new Column(elements, first.getValue().sqlType()), Types.ARRAY);
        }
        return columns;
    }

    /** How many characters of text this row binds. */
    long textLength() {
        return values.values().stream().mapToLong(v -> v.value() instanceof String text ? text.length() : 0).sum();
    }

    private Params put(String name, Object value, int sqlType) {
        values.put(name, new Value(value, sqlType));
        return this;
    }

    Map<String, Value> asMap() {
        return values;
    }
}
