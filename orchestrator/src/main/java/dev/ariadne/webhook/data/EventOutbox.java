package dev.ariadne.webhook.data;

import static dev.ariadne.db.Rows.instant;

import dev.ariadne.webhook.TenantEvent;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** ariadne.events, the outbox, and the deliveries each event gets. */
@Repository
public class EventOutbox {
    /** The NOTIFY channel: payload {@code <tenant id>:<event id>}, far below PostgreSQL's 8000-byte limit. */
    public static final String CHANNEL = "ariadne_events";
    /**
     * One statement: the event, a pending delivery for each of the tenant's enabled webhooks that wants its type, and
     * the NOTIFY (delivered by PostgreSQL when the surrounding transaction, if any, commits; never after a rollback).
     */
    private static final String RECORD = """
            WITH e AS (
                INSERT INTO ariadne.events (id, tenant_id, type, payload) VALUES (:id, :tenant, :type, :payload)
                RETURNING id, tenant_id, type),
            d AS (
                INSERT INTO ariadne.webhook_deliveries (id, webhook_id, event_id, next_attempt_at)
                SELECT gen_random_uuid(), w.id, e.id, now() FROM ariadne.webhooks w, e
                WHERE w.tenant_id = e.tenant_id AND w.enabled AND (e.type = ANY (w.events) OR '*' = ANY (w.events))
                RETURNING 1)
            SELECT pg_notify('""" + CHANNEL + "', CAST(e.tenant_id AS text) || ':' || CAST(e.id AS text)) AS notified,"
            + " (SELECT count(*) FROM d) AS deliveries FROM e";
    private final DatabaseClient db;

    public EventOutbox(DatabaseClient db) {
        this.db = db;
    }

    /** Joins the caller's transaction when there is one; is atomic by itself otherwise. */
    public Mono<Long> record(UUID id, UUID tenantId, String type, String payloadJson) {
        return db.sql(RECORD)
                .bind("id", id)
                .bind("tenant", tenantId)
                .bind("type", type)
                .bind("payload", Json.of(payloadJson))
                .map(r -> r.get("deliveries", Long.class))
                .one();
    }

    public Mono<TenantEvent> find(UUID tenantId, UUID id) {
        return db.sql("SELECT * FROM ariadne.events WHERE tenant_id = :tenant AND id = :id")
                .bind("tenant", tenantId)
                .bind("id", id)
                .map(EventOutbox::event)
                .one();
    }

    /** The tenant's events after {@code lastId} (none if it is unknown), oldest first. */
    public Flux<TenantEvent> after(UUID tenantId, UUID lastId, int limit) {
        return db.sql("SELECT e.* FROM ariadne.events e, ariadne.events last"
                        + " WHERE last.id = :last AND last.tenant_id = :tenant AND e.tenant_id = :tenant"
                        + " AND (e.created_at, e.id) > (last.created_at, last.id) ORDER BY e.created_at, e.id LIMIT :limit")
                .bind("tenant", tenantId)
                .bind("last", lastId)
                .bind("limit", limit)
                .map(EventOutbox::event)
                .all();
    }

    /** Deletes up to {@code limit} events older than {@code retention}, with their deliveries; answers how many. */
    public Mono<Long> purge(java.time.Duration retention, int limit) {
        return db.sql("DELETE FROM ariadne.events WHERE id IN (SELECT id FROM ariadne.events"
                        + " WHERE created_at < now() - make_interval(secs => :age) LIMIT :limit)")
                .bind("age", retention.toMillis() / 1000.0)
                .bind("limit", limit)
                .fetch().rowsUpdated();
    }

    static TenantEvent event(Readable r) {
        return new TenantEvent(r.get("id", UUID.class), r.get("tenant_id", UUID.class), r.get("type", String.class),
                r.get("payload", Json.class).asString(), instant(r, "created_at"));
    }

    /** The same, from columns named {@code event_id}, {@code event_type}, ... (joined with a delivery). */
    static TenantEvent joined(Readable r) {
        return new TenantEvent(r.get("event_id", UUID.class), r.get("tenant_id", UUID.class),
                r.get("event_type", String.class), r.get("payload", Json.class).asString(),
                instant(r, "event_created_at"));
    }
}
