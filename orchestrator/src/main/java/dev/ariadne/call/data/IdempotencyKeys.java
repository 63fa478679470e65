package dev.ariadne.call.data;

import java.time.Duration;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** ariadne.idempotency_keys: which call a tenant's {@code Idempotency-Key} made. */
@Repository
public class IdempotencyKeys {
    private final DatabaseClient db;

    public IdempotencyKeys(DatabaseClient db) {
        this.db = db;
    }

    /** A key's earlier use: the call it made and the digest of the request that made it. */
    public record Use(UUID callId, String requestHash) {}

    public Mono<Use> find(UUID tenantId, String key) {
        return db.sql("SELECT call_id, request_hash FROM ariadne.idempotency_keys WHERE tenant_id = :tenant AND key = :key")
                .bind("tenant", tenantId)
                .bind("key", key)
                .map(r -> new Use(r.get("call_id", UUID.class), r.get("request_hash", String.class)))
                .one();
    }

    /** Claims the key for a call; false when another request claimed it first (then {@link #find} tells which). */
    public Mono<Boolean> claim(UUID tenantId, String key, String requestHash, UUID callId) {
        return db.sql("INSERT INTO ariadne.idempotency_keys (tenant_id, key, request_hash, call_id)"
                        + " VALUES (:tenant, :key, :hash, :call) ON CONFLICT (tenant_id, key) DO NOTHING")
                .bind("tenant", tenantId)
                .bind("key", key)
                .bind("hash", requestHash)
                .bind("call", callId)
                .fetch()
                .rowsUpdated()
                .map(n -> n > 0);
    }

    /** Forgets keys older than {@code age}. */
    public Mono<Long> purge(Duration age) {
        return db.sql("DELETE FROM ariadne.idempotency_keys WHERE created_at < now() - make_interval(secs => :age)")
                .bind("age", (double) age.toSeconds())
                .fetch()
                .rowsUpdated();
    }
}
