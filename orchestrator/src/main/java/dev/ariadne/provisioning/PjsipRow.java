package dev.ariadne.provisioning;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One row of one of Asterisk's ps_* tables, columns by Asterisk's names. */
public record PjsipRow(String table, Map<String, String> columns) {
    public PjsipRow {
        Objects.requireNonNull(table, "table");
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    public String id() {
        return columns.get("id");
    }

    @Override
    public String toString() {
        // ps_auths rows hold a password: never print values.
        return "PjsipRow[" + table + " " + id() + "]";
    }
}
