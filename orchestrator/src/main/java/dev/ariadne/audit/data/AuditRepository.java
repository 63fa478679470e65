package dev.ariadne.audit.data;

import static dev.ariadne.db.Rows.instant;

import dev.ariadne.audit.AuditEvent;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Rows of ariadne.audit_events; reads are scoped by tenant and use the (tenant, at) and resource indexes. */
@Repository
public class AuditRepository {
    private static final String FILTER = " WHERE tenant_id = :tenant"
            + " AND (CAST(:type AS varchar) IS NULL OR resource_type = :type)"
            + " AND (CAST(:resource AS text) IS NULL OR resource_id = :resource)"
            + " AND (CAST(:from AS timestamptz) IS NULL OR at >= :from)"
            + " AND (CAST(:to AS timestamptz) IS NULL OR at < :to)";
    private final DatabaseClient db;

    public AuditRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> insert(AuditEvent e) {
        var q = db.sql("INSERT INTO ariadne.audit_events (id, tenant_id, actor, api_key_id, action, resource_type,"
                        + " resource_id, changed_fields) VALUES (:id, :tenant, :actor, :key, :action, :type, :resource,"
                        + " :fields)")
                .bind("id", e.id())
                .bind("tenant", e.tenantId())
                .bind("actor", e.actor())
                .bind("action", e.action())
                .bind("type", e.resourceType())
                .bind("resource", e.resourceId())
                .bind("fields", e.changedFields().toArray(String[]::new));
        q = e.apiKeyId() == null ? q.bindNull("key", UUID.class) : q.bind("key", e.apiKeyId());
        return q.then();
    }

    public Flux<AuditEvent> list(UUID tenantId, String type, String resource, Instant from, Instant to, long offset,
            int limit) {
        return filtered("SELECT * FROM ariadne.audit_events" + FILTER + " ORDER BY at DESC, id OFFSET :offset LIMIT :limit",
                tenantId, type, resource, from, to)
                .bind("offset", offset)
                .bind("limit", limit)
                .map(AuditRepository::event)
                .all();
    }

    public Mono<Long> count(UUID tenantId, String type, String resource, Instant from, Instant to) {
        return filtered("SELECT count(*) AS n FROM ariadne.audit_events" + FILTER, tenantId, type, resource, from, to)
                .map(r -> r.get("n", Long.class))
                .one();
    }

    private DatabaseClient.GenericExecuteSpec filtered(String sql, UUID tenantId, String type, String resource,
            Instant from, Instant to) {
        var q = db.sql(sql).bind("tenant", tenantId);
        q = type == null ? q.bindNull("type", String.class) : q.bind("type", type);
        q = resource == null ? q.bindNull("resource", String.class) : q.bind("resource", resource);
        q = from == null ? q.bindNull("from", Instant.class) : q.bind("from", from);
        return to == null ? q.bindNull("to", Instant.class) : q.bind("to", to);
    }

    private static AuditEvent event(Readable r) {
        String[] fields = r.get("changed_fields", String[].class);
        return new AuditEvent(
                r.get("id", UUID.class),
                r.get("tenant_id", UUID.class),
                instant(r, "at"),
                r.get("actor", String.class),
                r.get("api_key_id", UUID.class),
                r.get("action", String.class),
                r.get("resource_type", String.class),
                r.get("resource_id", String.class),
                fields == null ? List.of() : List.of(fields));
    }
}
