package dev.ariadne.tenant;

import dev.ariadne.common.AuditTrail;
import java.util.List;
import dev.ariadne.common.ConflictException;
import dev.ariadne.common.NotFoundException;
import dev.ariadne.common.UnauthorizedException;
import dev.ariadne.common.Violations;
import dev.ariadne.tenant.data.TenantRepository;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Tenants and their API keys: creation, authentication, listing and revocation. */
@Service
public class TenantService {
    private final TenantRepository repo;
    private final TransactionalOperator tx;
    private final TenancyProperties props;
    private final AuditTrail audit;

    public TenantService(TenantRepository repo, TransactionalOperator tx, TenancyProperties props, AuditTrail audit) {
        this.audit = audit;
        this.repo = repo;
        this.tx = tx;
        this.props = props;
    }

    /** A new tenant with its first key; the key's text exists only in the returned value. */
    public Mono<CreatedTenant> create(String name, String tier) {
        Violations v = new Violations();
        v.check(name != null && !name.isBlank(), "name", "is required");
        v.check(name == null || name.length() <= 100, "name", "must be at most 100 characters");
        v.check(tier == null || Tier.parse(tier).isPresent(), "tier", "must be one of free, pro, enterprise");
        v.throwIfAny();
        Tier t = tier == null ? Tier.FREE : Tier.parse(tier).orElseThrow();
        UUID id = UUID.randomUUID();
        String key = ApiKeyMaterial.newKey();
        return repo.insertTenant(id, name.strip(), t)
                .flatMap(tenant -> newKey(id, "default", key).map(k -> new CreatedTenant(tenant, k)))
                .flatMap(c -> audit.record(id, null, "created", "tenant", id.toString(), List.of("name", "tier"))
                        .then(audit.record(id, null, "created", "api_key", c.key().key().id().toString(),
                                List.of("name")))
                        .thenReturn(c))
                .as(tx::transactional);
    }

    public Mono<Tenant> find(UUID tenantId) {
        return repo.findTenant(tenantId).switchIfEmpty(Mono.error(new NotFoundException("tenant", tenantId)));
    }

    public TierLimits limits(Tier tier) {
        return props.limits(tier);
    }

    public Mono<AuthenticatedTenant> authenticate(String key) {
        return repo.findActiveKey(ApiKeyMaterial.hash(key))
                .map(o -> new AuthenticatedTenant(o.tenantId(), o.tier(), o.keyId()))
                // Supplier form: the exception (and its stack trace) is made only for a key that is not found,
                // not on every authenticated request.
                .switchIfEmpty(Mono.error(() -> new UnauthorizedException("unknown or revoked API key")));
    }

    public boolean isAdminToken(String token) {
        String admin = props.adminToken();
        return admin != null
                && !admin.isBlank()
                && java.security.MessageDigest.isEqual(
                        admin.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public Mono<CreatedKey> createKey(AuthenticatedTenant tenant, String name) {
        Violations v = new Violations();
        v.check(name == null || name.length() <= 100, "name", "must be at most 100 characters");
        v.throwIfAny();
        return newKey(tenant.tenantId(), name == null || name.isBlank() ? "key" : name.strip(), ApiKeyMaterial.newKey())
                .flatMap(c -> audit.record(tenant.tenantId(), tenant.keyId(), "created", "api_key",
                        c.key().id().toString(), List.of("name")).thenReturn(c))
                .as(tx::transactional);
    }

    public Flux<ApiKey> keys(AuthenticatedTenant tenant) {
        return repo.listKeys(tenant.tenantId());
    }

    /** Revokes a key; the last active key stays, so that a tenant cannot lock itself out. */
    public Mono<ApiKey> revokeKey(AuthenticatedTenant tenant, UUID keyId) {
        return repo.listKeys(tenant.tenantId())
                .collectList()
                .flatMap(keys -> {
                    ApiKey target = keys.stream()
                            .filter(k -> k.id().equals(keyId))
                            .findFirst()
                            .orElseThrow(() -> new NotFoundException("api key", keyId));
                    long active = keys.stream().filter(k -> k.revokedAt() == null).count();
                    if (target.revokedAt() == null && active <= 1) {
                        return Mono.error(new ConflictException(
                                "the last active API key cannot be revoked: create another key first"));
                    }
                    return repo.revokeKey(tenant.tenantId(), keyId)
                            .flatMap(k -> audit.record(tenant.tenantId(), tenant.keyId(), "revoked", "api_key",
                                    keyId.toString(), List.of("revokedAt")).thenReturn(k));
                })
                .as(tx::transactional);
    }

    private Mono<CreatedKey> newKey(UUID tenantId, String name, String key) {
        return repo.insertKey(UUID.randomUUID(), tenantId, name, ApiKeyMaterial.prefix(key), ApiKeyMaterial.hash(key))
                .map(k -> new CreatedKey(k, key));
    }

    /** A tenant just created, with the text of its first key. */
    public record CreatedTenant(Tenant tenant, CreatedKey key) {}

    /** A key just created, with its text: shown once. */
    public record CreatedKey(ApiKey key, String secret) {}
}
