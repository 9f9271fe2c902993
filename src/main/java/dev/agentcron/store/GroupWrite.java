package dev.agentcron.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A statement that writes a group of rows, and how it is run.
 *
 * @param sql with {@code arrays}, one statement for the whole group: each parameter is bound to the array of the
 *     rows' values and the statement returns the {@code key} of each row it wrote (PostgreSQL's {@code unnest};
 *     one statement however large the group, where a batch costs the server a statement per row); without, a
 *     statement for one row, run per row in a JDBC batch, writing at most one row each (SQLite, in process)
 * @param key the parameter that names a row, returned for each row written
 */
record GroupWrite(String sql, boolean arrays, String key) {

    /** The most text one statement carries in its arrays (built in memory); more goes in the next statement. */
    static final long ARRAY_CHARS = 8L << 20;

    static GroupWrite perRow(String sql, String key) {
        return new GroupWrite(sql, false, key);
    }

    static GroupWrite fromArrays(String sql, String key) {
        return new GroupWrite(sql, true, key);
    }

    /**
     * Writes {@code rows} in {@code tx}, in order: where two rows name the same key, the first is written and the
     * later ones are not.
     *
     * @return for each row, whether it was written (inserted, changed or deleted)
     */
    boolean[] run(Jdbc.Tx tx, List<Params> rows) throws SQLException {
        boolean[] written = new boolean[rows.size()];
        if (rows.isEmpty()) {
            return written;
        }
        if (!arrays) {
            int[] counts = tx.batch(sql, rows);
            for (int i = 0; i < counts.length; i++) {
                written[i] = counts[i] != 0;
            }
            return written;
        }
        Map<String, Integer> firsts = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            firsts.putIfAbsent(keyOf(rows.get(i)), i);
        }
        List<Params> distinct = firsts.size() == rows.size() ? rows : firsts.values().stream().sorted().map(rows::get).toList();
        Set<String> keys = new HashSet<>();
        for (List<Params> part : parts(distinct)) {
            keys.addAll(tx.query(sql, Params.columns(part), rs -> rs.getString(1)));
        }
        for (int i = 0; i < rows.size(); i++) {
            String key = keyOf(rows.get(i));
            written[i] = firsts.get(key) == i && keys.contains(key);
        }
        return written;
    }

    /** {@code rows} in consecutive parts of at most {@link #ARRAY_CHARS} characters of text each (one row may be more alone). */
    private static List<List<Params>> parts(List<Params> rows) {
        List<List<Params>> parts = new ArrayList<>();
        List<Params> part = new ArrayList<>();
        long chars = 0;
        for (Params row : rows) {
            long size = row.textLength();
            if (!part.isEmpty() && chars + size > ARRAY_CHARS) {
                parts.add(part);
                part = new ArrayList<>();
                chars = 0;
            }
            part.add(row);
            chars += size;
        }
        parts.add(part);
        return parts;
    }

    private String keyOf(Params row) {
        return (String) row.asMap().get(key).value();
    }
}
