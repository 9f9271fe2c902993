package dev.agentcron.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SQL with {@code :named} parameters, turned into JDBC's {@code ?} once per text. A collection bound to a
 * name expands to one placeholder per element (for {@code IN (:names)}; an empty one to {@code NULL}, which
 * matches nothing). Each value binds with the SQL type {@link Params} gave it, a null as a typed NULL.
 */
final class NamedSql {

    private static final Map<String, NamedSql> CACHE = new ConcurrentHashMap<>();

    /** The text around the parameters: {@code segments.size() == names.size() + 1}. */
    private final List<String> segments;
    private final List<String> names;

    private NamedSql(List<String> segments, List<String> names) {
        this.segments = segments;
        this.names = names;
    }

    static NamedSql of(String sql) {
        return CACHE.computeIfAbsent(sql, NamedSql::parse);
    }

    PreparedStatement prepare(Connection connection, Map<String, Params.Value> params) throws SQLException {
        List<Params.Value> values = new ArrayList<>(names.size());
        StringBuilder jdbcSql = new StringBuilder(segments.getFirst());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!params.containsKey(name)) {
                throw new IllegalArgumentException("no value for :" + name + " in " + String.join("?", segments));
            }
            Params.Value value = params.get(name);
            if (value.value() instanceof Collection<?> many) {
                jdbcSql.append(many.isEmpty() ? "NULL" : "?,".repeat(many.size() - 1) + "?");
                many.forEach(element -> values.add(new Params.Value(element, Types.OTHER)));
            } else {
                jdbcSql.append('?');
                values.add(value);
            }
            jdbcSql.append(segments.get(i + 1));
        }
        PreparedStatement statement = connection.prepareStatement(jdbcSql.toString());
        try {
            for (int i = 0; i < values.size(); i++) {
                bind(statement, i + 1, values.get(i));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** Binds new values to a statement this text prepared, for the next row of a batch (no collections). */
    void bind(PreparedStatement statement, Map<String, Params.Value> params) throws SQLException {
        for (int i = 0; i < names.size(); i++) {
            Params.Value value = params.get(names.get(i));
            if (value.value() instanceof Collection<?>) {
                throw new IllegalArgumentException("a batched row cannot bind a collection to :" + names.get(i));
            }
            bind(statement, i + 1, value);
        }
    }

    private static void bind(PreparedStatement statement, int index, Params.Value bound) throws SQLException {
        switch (bound.value()) {
            case null -> statement.setNull(index, bound.sqlType());
            case Long number -> statement.setLong(index, number);
            case Integer number -> statement.setInt(index, number);
            case String text -> statement.setString(index, text);
            case Params.Column column -> statement.setArray(index,
                    statement.getConnection().createArrayOf(arrayType(column.elementType()), column.elements().toArray()));
            default -> throw new IllegalArgumentException("cannot bind a " + bound.value().getClass().getSimpleName());
        }
    }

    private static String arrayType(int sqlType) {
        return switch (sqlType) {
            case Types.VARCHAR -> "text";
            case Types.BIGINT -> "int8";
            case Types.INTEGER -> "int4";
            default -> throw new IllegalArgumentException("no array of SQL type " + sqlType);
        };
    }

    private static NamedSql parse(String sql) {
        List<String> segments = new ArrayList<>();
        List<String> names = new ArrayList<>();
        StringBuilder segment = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            }
            boolean castOperator = c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':';
            if (castOperator) {
                segment.append("::");
                i++;
            } else if (c == ':' && !quoted && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                segments.add(segment.toString());
                segment.setLength(0);
                i = end - 1;
            } else {
                segment.append(c);
            }
        }
        segments.add(segment.toString());
        return new NamedSql(List.copyOf(segments), List.copyOf(names));
    }
}
