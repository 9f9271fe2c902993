package dev.agentcron.store;

import java.sql.Connection;
import java.sql.SQLException;

/** For tests and the benchmark: a connection to a store's database, to count and audit with plain SQL. */
public final class StoreAccess {

    private StoreAccess() {}

    public static Connection connection(Store store) throws SQLException {
        return ((SqlStore) store).dataSource().getConnection();
    }
}
