package dev.agentcron.store;

/**
 * A statement that writes a group of rows, and how it is run ({@link Jdbc.Tx#write}).
 *
 * @param sql with {@code arrays}, one statement for the whole group: each parameter is bound to the array of the
 *     rows' values and the statement returns the {@code key} of each row it wrote (PostgreSQL's {@code unnest};
 *     one statement however large the group, where a batch costs the server a statement per row); without, a
 *     statement for one row, run per row in a JDBC batch, writing at most one row each (SQLite, in process)
 * @param key the parameter that names a row, returned for each row written
 */
record GroupWrite(String sql, boolean arrays, String key) {

    static GroupWrite perRow(String sql, String key) {
        return new GroupWrite(sql, false, key);
    }

    static GroupWrite fromArrays(String sql, String key) {
        return new GroupWrite(sql, true, key);
    }
}
