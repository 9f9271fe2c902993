package dev.agentcron.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Runs named SQL on a pooled connection, each call or block in one transaction. */
final class Jdbc {

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    private final DataSource dataSource;
    private final TransactionTimer timer;

    Jdbc(DataSource dataSource, TransactionTimer timer) {
        this.dataSource = dataSource;
        this.timer = timer;
    }

    <T> T inTransaction(Work<T> work) {
        long start = System.nanoTime();
        try {
            return transaction(work);
        } finally {
            timer.took(System.nanoTime() - start);
        }
    }

    private <T> T transaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(new Tx(connection));
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    int update(String sql, Params params) {
        return inTransaction(tx -> tx.update(sql, params));
    }

    <T> List<T> query(String sql, Params params, RowMapper<T> mapper) {
        return inTransaction(tx -> tx.query(sql, params, mapper));
    }

    <T> Optional<T> queryOne(String sql, Params params, RowMapper<T> mapper) {
        return query(sql, params, mapper).stream().findFirst();
    }

    /** One open transaction. */
    static final class Tx {

        private final Connection connection;

        private Tx(Connection connection) {
            this.connection = connection;
        }

        int update(String sql, Params params) throws SQLException {
            try (PreparedStatement statement = NamedSql.of(sql).prepare(connection, params.asMap())) {
                return statement.executeUpdate();
            }
        }

        /**
         * Runs one statement for each of {@code rows} in a single JDBC batch (one round trip to a server
         * database). The rows must not bind collections, so that every row has the same SQL.
         *
         * @return the update count of each row, in order
         */
        int[] batch(String sql, List<Params> rows) throws SQLException {
            if (rows.isEmpty()) {
                return new int[0];
            }
            try (PreparedStatement statement = NamedSql.of(sql).prepare(connection, rows.getFirst().asMap())) {
                statement.addBatch();
                for (int i = 1; i < rows.size(); i++) {
                    NamedSql.of(sql).bind(statement, rows.get(i).asMap());
                    statement.addBatch();
                }
                return statement.executeBatch();
            }
        }

        /** Runs {@code sql} for its effect on the transaction (a setting), when there is one. */
        void apply(String sql) throws SQLException {
            if (sql != null) {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.execute();
                }
            }
        }

        /** Writes {@code rows} with {@code write} ({@link GroupWrite#run}); for each row, whether it was written. */
        boolean[] write(GroupWrite write, List<Params> rows) throws SQLException {
            return write.run(this, rows);
        }

        <T> List<T> query(String sql, Params params, RowMapper<T> mapper) throws SQLException {
            try (PreparedStatement statement = NamedSql.of(sql).prepare(connection, params.asMap());
                    ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        }
    }
}
