package dev.agentcron.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** How a command prints what it got: a table for people, or JSON (one document) or JSON lines for scripts. */
enum Output {
    TABLE, JSON, JSONL;

    /** Prints {@code items} as rows of {@code columns} (JSON fields), or as JSON. */
    void print(PrintWriter out, List<JsonNode> items, String... columns) {
        switch (this) {
            case JSON -> out.println(new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode().addAll(items).toPrettyString());
            case JSONL -> items.forEach(item -> out.println(item.toString()));
            case TABLE -> table(out, items, columns);
        }
        out.flush();
    }

    /** Prints one item: as a table, its fields one per line. */
    void printOne(PrintWriter out, JsonNode item) {
        switch (this) {
            case JSON -> out.println(item.toPrettyString());
            case JSONL -> out.println(item.toString());
            case TABLE -> item.properties().forEach(field -> out.println(field.getKey() + ": " + text(field.getValue())));
        }
        out.flush();
    }

    private static void table(PrintWriter out, List<JsonNode> items, String... columns) {
        List<String[]> rows = new ArrayList<>();
        rows.add(columns);
        for (JsonNode item : items) {
            String[] row = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                row[i] = text(item.path(columns[i]));
            }
            rows.add(row);
        }
        int[] widths = new int[columns.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.min(60, Math.max(widths[i], row[i].length()));
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i].length() > 60 ? row[i].substring(0, 59) + "…" : row[i];
                line.append(i == 0 ? "" : "  ").append(i == row.length - 1 ? cell : String.format("%-" + widths[i] + "s", cell));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String text(JsonNode value) {
        return value == null || value.isMissingNode() || value.isNull() ? "-" : value.isValueNode() ? value.asText() : value.toString();
    }
}
