package dev.ariadne.webhook.data;

import static dev.ariadne.db.Rows.instant;

import dev.ariadne.db.TenantRows;
import dev.ariadne.webhook.Webhook;
import io.r2dbc.spi.Readable;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Rows of ariadne.webhooks, mapped by hand; every query is scoped by tenant. */
@Repository
public class WebhookRepository {
    private static final String TABLE = "ariadne.webhooks";
    private final DatabaseClient db;

    public WebhookRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Webhook> insert(UUID id, UUID tenantId, String url, java.util.List<String> events, byte[] secretEnc,
            boolean enabled) {
        return db.sql("INSERT INTO ariadne.webhooks (id, tenant_id, url, events, secret_enc, enabled)"
                        + " VALUES (:id, :tenant, :url, :events, :secret, :enabled) RETURNING *")
                .bind("id", id)
                .bind("tenant", tenantId)
                .bind("url", url)
                .bind("events", events.toArray(String[]::new))
                .bind("secret", secretEnc)
                .bind("enabled", enabled)
                .map(WebhookRepository::webhook)
                .one();
    }

    /** {@code secretEnc} null keeps the stored secret. */
    public Mono<Webhook> update(UUID tenantId, UUID id, String url, java.util.List<String> events, byte[] secretEnc,
            boolean enabled) {
        var q = db.sql("UPDATE ariadne.webhooks SET url = :url, events = :events, enabled = :enabled, secret_enc = "
                        + (secretEnc == null ? "secret_enc" : ":secret")
                        + ", updated_at = now() WHERE tenant_id = :tenant AND id = :id RETURNING *")
                .bind("id", id)
                .bind("tenant", tenantId)
                .bind("url", url)
                .bind("events", events.toArray(String[]::new))
                .bind("enabled", enabled);
        if (secretEnc != null) {
            q = q.bind("secret", secretEnc);
        }
        return q.map(WebhookRepository::webhook).one();
    }

    public Mono<Webhook> find(UUID tenantId, UUID id) {
        return db.sql("SELECT * FROM ariadne.webhooks WHERE tenant_id = :tenant AND id = :id")
                .bind("tenant", tenantId)
                .bind("id", id)
                .map(WebhookRepository::webhook)
                .one();
    }

    public Flux<Webhook> list(UUID tenantId, long offset, int limit) {
        return db.sql("SELECT * FROM ariadne.webhooks WHERE tenant_id = :tenant ORDER BY created_at, id"
                        + " OFFSET :offset LIMIT :limit")
                .bind("tenant", tenantId)
                .bind("offset", offset)
                .bind("limit", limit)
                .map(WebhookRepository::webhook)
                .all();
    }

    public Mono<Long> count(UUID tenantId) {
        return TenantRows.count(db, TABLE, tenantId);
    }

    public Mono<Long> delete(UUID tenantId, UUID id) {
        return TenantRows.delete(db, TABLE, tenantId, id);
    }

    private static Webhook webhook(Readable r) {
        String[] events = r.get("events", String[].class);
        return new Webhook(
                r.get("id", UUID.class),
                r.get("tenant_id", UUID.class),
                r.get("url", String.class),
                events == null ? java.util.List.of() : Arrays.asList(events),
                Boolean.TRUE.equals(r.get("enabled", Boolean.class)),
                instant(r, "created_at"),
                instant(r, "updated_at"));
    }
}
