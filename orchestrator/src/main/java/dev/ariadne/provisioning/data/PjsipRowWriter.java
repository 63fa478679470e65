package dev.ariadne.provisioning.data;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes rows of Asterisk's ps_* tables (schema {@code asterisk}). Many of Asterisk's columns are PostgreSQL
 * enums; each value is cast to its column's type, learned once from the catalog, so rows are written as text.
 */
@Repository
public class PjsipRowWriter {
    private static final Set<String> TABLES =
            Set.of("ps_endpoints", "ps_aors", "ps_auths", "ps_endpoint_id_ips", "ps_registrations");
    public static final int MAX_ROWS_PER_INSERT = 500;
    private final DatabaseClient db;
    private final Mono<Map<String, String>> columnTypes;

    public PjsipRowWriter(DatabaseClient db) {
        this.db = db;
        this.columnTypes = db.sql("SELECT table_name, column_name, udt_schema, udt_name FROM information_schema.columns"
                        + " WHERE table_schema = 'asterisk'")
                .map(r -> Map.entry(
                        r.get("table_name", String.class) + "." + r.get("column_name", String.class),
                        r.get("udt_schema", String.class) + "." + r.get("udt_name", String.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .cache();
    }

    /**
     * Deletes every row that belongs to the endpoint, in all ps_* tables this project writes.
     *
     * @param keepAuth leave the auth row: when a registration goes away, Asterisk's un-REGISTER is challenged
     *     and still needs it; {@link #deleteOrphanAuths} removes it later
     */
    public Mono<Void> deleteEndpoint(String endpointId, boolean keepAuth) {
        return Flux.concat(
                        delete("ps_endpoint_id_ips", "endpoint = :id OR endpoint = :id || '-in'", endpointId),
                        delete("ps_registrations", "id = :id", endpointId + "-reg"),
                        delete("ps_endpoints", "id = :id OR id = :id || '-line' OR id = :id || '-in'", endpointId),
                        keepAuth ? Mono.<Long>empty() : delete("ps_auths", "id = :id", endpointId + "-auth"),
                        delete("ps_aors", "id = :id", endpointId))
                .then();
    }

    /**
     * Deletes the identify rows of the endpoint's numbers ({@code <endpoint>-did<n>}, pointing at its inbound
     * endpoint or, written with layout 2 or 3, at the endpoint itself), not those of its addresses.
     */
    public Mono<Void> deleteNumberIdentifies(String endpointId) {
        return delete("ps_endpoint_id_ips", "(endpoint = :id OR endpoint = :id || '-in') AND starts_with(id, :id || '-did')",
                endpointId).then();
    }

    /**
     * Deletes auth rows left behind by removed endpoints whose removal Asterisk applied at least {@code age}
     * ago (enough for the un-REGISTER to have been answered).
     */
    public Mono<Long> deleteOrphanAuths(java.time.Duration age) {
        return db.sql("DELETE FROM asterisk.ps_auths a USING ariadne.provisioning_outbox o"
                        + " WHERE a.id = o.endpoint_id || '-auth' AND o.action = 'remove'"
                        + " AND o.done_at < now() - make_interval(secs => :age)"
                        + " AND NOT EXISTS (SELECT 1 FROM asterisk.ps_endpoints e WHERE e.id = o.endpoint_id)")
                .bind("age", (double) age.toSeconds())
                .fetch()
                .rowsUpdated();
    }

    /**
     * Inserts rows that have the same columns with one statement (a trunk's number identify rows can be hundreds:
     * one round trip, not one each). At most {@link #MAX_ROWS_PER_INSERT} rows: PostgreSQL takes 65,535 bind
     * parameters a statement.
     */
    public Mono<Void> insertAll(String table, List<Map<String, String>> rows) {
        if (!TABLES.contains(table)) {
            return Mono.error(new IllegalArgumentException("not a writable ps_* table: " + table));
        }
        if (rows.isEmpty()) {
            return Mono.empty();
        }
        if (rows.size() > MAX_ROWS_PER_INSERT) {
            return Mono.error(new IllegalArgumentException(rows.size() + " rows in one insert; at most " + MAX_ROWS_PER_INSERT));
        }
        List<String> names = List.copyOf(rows.getFirst().keySet());
        if (rows.stream().anyMatch(r -> !r.keySet().equals(rows.getFirst().keySet()))) {
            return Mono.error(new IllegalArgumentException("rows for one insert must have the same columns"));
        }
        return columnTypes.flatMap(types -> {
            for (String c : names) {
                if (!types.containsKey(table + "." + c)) {
                    return Mono.error(new IllegalStateException("asterisk." + table + " has no column " + c));
                }
            }
            StringBuilder sql = new StringBuilder("INSERT INTO asterisk.").append(table).append(" (")
                    .append(String.join(", ", names)).append(") VALUES ");
            for (int i = 0; i < rows.size(); i++) {
                int row = i;
                sql.append(i == 0 ? "(" : ", (").append(names.stream()
                        .map(c -> "CAST(:" + c + row + " AS " + quoteType(types.get(table + "." + c)) + ")")
                        .collect(Collectors.joining(", "))).append(')');
            }
            GenericExecuteSpec q = db.sql(sql.toString());
            for (int i = 0; i < rows.size(); i++) {
                for (String c : names) {
                    q = q.bind(c + i, rows.get(i).get(c));
                }
            }
            return q.fetch().rowsUpdated().then();
        });
    }

    public Flux<Map<String, Object>> select(String table, String endpointId) {
        // Rows of one trunk's endpoint, by the id convention (E, E-in, E-line, E-auth, E-reg, E-ip<n>, E-did<n>).
        return db.sql("SELECT * FROM asterisk." + table + " WHERE split_part(id, '-', 1) || '-' || split_part(id, '-', 2)"
                        + " = :id ORDER BY id")
                .bind("id", endpointId)
                .fetch()
                .all();
    }

    private Mono<Long> delete(String table, String where, String id) {
        return db.sql("DELETE FROM asterisk." + table + " WHERE " + where)
                .bind("id", id)
                .fetch()
                .rowsUpdated();
    }

    private static String quoteType(String qualified) {
        // pg_catalog types (varchar, int4) are used unqualified; Asterisk's enums live in schema asterisk.
        int dot = qualified.indexOf('.');
        String schema = qualified.substring(0, dot);
        String name = qualified.substring(dot + 1);
        return schema.equals("pg_catalog") ? name : "\"" + schema + "\".\"" + name + "\"";
    }
}
