package dev.ariadne.tenant.data;

import dev.ariadne.tenant.ApiKey;
import dev.ariadne.tenant.Tenant;
import dev.ariadne.tenant.Tier;
import static dev.ariadne.db.Rows.instant;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Rows of ariadne.tenants and ariadne.api_keys, mapped by hand. */
@Repository
public class TenantRepository {
    private final DatabaseClient db;

    public TenantRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Tenant> insertTenant(UUID id, String name, Tier tier) {
        return db.sql("INSERT INTO ariadne.tenants (id, name, tier) VALUES (:id, :name, :tier) RETURNING *")
                .bind("id", id)
                .bind("name", name)
                .bind("tier", tier.wire())
                .map(TenantRepository::tenant)
                .one();
    }

    public Mono<Tenant> findTenant(UUID id) {
        return db.sql("SELECT * FROM ariadne.tenants WHERE id = :id")
                .bind("id", id)
                .map(TenantRepository::tenant)
                .one();
    }

    public Mono<ApiKey> insertKey(UUID id, UUID tenantId, String name, String prefix, String hash) {
        return db.sql("INSERT INTO ariadne.api_keys (id, tenant_id, name, prefix, key_hash)"
                        + " VALUES (:id, :tenant, :name, :prefix, :hash) RETURNING *")
                .bind("id", id)
                .bind("tenant", tenantId)
                .bind("name", name)
                .bind("prefix", prefix)
                .bind("hash", hash)
                .map(TenantRepository::apiKey)
                .one();
    }

    /** The tenant and key id for an active key hash. */
    public Mono<KeyOwner> findActiveKey(String hash) {
        return db.sql("SELECT k.id AS key_id, t.id AS tenant_id, t.tier FROM ariadne.api_keys k"
                        + " JOIN ariadne.tenants t ON t.id = k.tenant_id"
                        + " WHERE k.key_hash = :hash AND k.revoked_at IS NULL")
                .bind("hash", hash)
                .map(r -> new KeyOwner(
                        r.get("tenant_id", UUID.class),
                        Tier.parse(r.get("tier", String.class)).orElseThrow(),
                        r.get("key_id", UUID.class)))
                .one();
    }

    public Flux<ApiKey> listKeys(UUID tenantId) {
        return db.sql("SELECT * FROM ariadne.api_keys WHERE tenant_id = :tenant ORDER BY created_at, id")
                .bind("tenant", tenantId)
                .map(TenantRepository::apiKey)
                .all();
    }

    public Mono<Long> countActiveKeys(UUID tenantId) {
        return db.sql("SELECT count(*) AS n FROM ariadne.api_keys WHERE tenant_id = :tenant AND revoked_at IS NULL")
                .bind("tenant", tenantId)
                .map(r -> r.get("n", Long.class))
                .one();
    }

    public Mono<ApiKey> revokeKey(UUID tenantId, UUID keyId) {
        return db.sql("UPDATE ariadne.api_keys SET revoked_at = coalesce(revoked_at, now())"
                        + " WHERE tenant_id = :tenant AND id = :id RETURNING *")
                .bind("tenant", tenantId)
                .bind("id", keyId)
                .map(TenantRepository::apiKey)
                .one();
    }

    /** Tenant id, tier and key id behind an active key. */
    public record KeyOwner(UUID tenantId, Tier tier, UUID keyId) {}

    private static Tenant tenant(Readable r) {
        return new Tenant(
                r.get("id", UUID.class),
                r.get("name", String.class),
                Tier.parse(r.get("tier", String.class)).orElseThrow(),
                instant(r, "created_at"));
    }

    private static ApiKey apiKey(Readable r) {
        return new ApiKey(
                r.get("id", UUID.class),
                r.get("name", String.class),
                r.get("prefix", String.class),
                instant(r, "created_at"),
                instant(r, "revoked_at"));
    }

}
