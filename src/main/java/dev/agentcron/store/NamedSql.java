package dev.agentcron.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SQL with {@code :named} parameters, turned into JDBC's {@code ?} once per text. Instants bind as epoch
 * milliseconds; null binds as SQL NULL.
 */
final class NamedSql {

    private static final Map<String, NamedSql> CACHE = new ConcurrentHashMap<>();

    private final String jdbcSql;
    private final List<String> names;

    private NamedSql(String jdbcSql, List<String> names) {
        this.jdbcSql = jdbcSql;
        this.names = names;
    }

    static NamedSql of(String sql) {
        return CACHE.computeIfAbsent(sql, NamedSql::parse);
    }

    PreparedStatement prepare(Connection connection, Map<String, ?> params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(jdbcSql);
        try {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (!params.containsKey(name)) {
                    throw new IllegalArgumentException("no value for :" + name + " in " + jdbcSql);
                }
                bind(statement, i + 1, params.get(name));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        switch (value) {
            case null -> statement.setNull(index, Types.NULL);
            case Instant instant -> statement.setLong(index, instant.toEpochMilli());
            case Boolean bool -> statement.setInt(index, bool ? 1 : 0);
            default -> statement.setObject(index, value);
        }
    }

    private static NamedSql parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        boolean quoted = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            }
            boolean castOperator = c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':';
            if (castOperator) {
                out.append("::");
                i++;
            } else if (c == ':' && !quoted && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                out.append('?');
                i = end - 1;
            } else {
                out.append(c);
            }
        }
        return new NamedSql(out.toString(), List.copyOf(names));
    }
}
