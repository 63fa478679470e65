package dev.ariadne.db;

import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The tenant-scoped statements every resource table shares (trunks, agents, numbers). {@code table} is always a
 * constant of the calling repository, never input.
 */
public final class TenantRows {
    private TenantRows() {}

    public static Mono<Long> count(DatabaseClient db, String table, UUID tenantId) {
        return db.sql("SELECT count(*) AS n FROM " + table + " WHERE tenant_id = :tenant")
                .bind("tenant", tenantId)
                .map(r -> r.get("n", Long.class))
                .one();
    }

    public static Mono<Long> delete(DatabaseClient db, String table, UUID tenantId, UUID id) {
        return db.sql("DELETE FROM " + table + " WHERE tenant_id = :tenant AND id = :id")
                .bind("tenant", tenantId)
                .bind("id", id)
                .fetch()
                .rowsUpdated();
    }

    /** Whether another row of the tenant (not {@code exceptId}) has this name, ignoring case. */
    public static Mono<Boolean> nameTaken(DatabaseClient db, String table, UUID tenantId, String name, UUID exceptId) {
        return db.sql("SELECT 1 FROM " + table + " WHERE tenant_id = :tenant AND lower(name) = lower(:name)"
                        + " AND id <> :except")
                .bind("tenant", tenantId)
                .bind("name", name)
                .bind("except", exceptId == null ? new UUID(0, 0) : exceptId)
                .map(r -> true)
                .first()
                .defaultIfEmpty(false);
    }
}
