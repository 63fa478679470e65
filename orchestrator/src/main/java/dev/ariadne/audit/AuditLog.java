package dev.ariadne.audit;

import dev.ariadne.audit.data.AuditRepository;
import dev.ariadne.common.AuditTrail;
import dev.ariadne.common.Page;
import dev.ariadne.common.PageRequest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** The audit trail in PostgreSQL: written in the caller's transaction, read by the tenant it belongs to. */
@Service
public class AuditLog implements AuditTrail {
    public static final Set<String> RESOURCE_TYPES =
            Set.of("tenant", "api_key", "trunk", "number", "agent", "twilio_account", "webhook");
    private final AuditRepository repo;

    AuditLog(AuditRepository repo) {
        this.repo = repo;
    }

    @Override
    public Mono<Void> record(UUID tenantId, UUID apiKeyId, String action, String resourceType, String resourceId,
            Collection<String> changedFields) {
        Objects.requireNonNull(tenantId, "tenantId");
        if (!RESOURCE_TYPES.contains(resourceType)) {
            throw new IllegalArgumentException("unknown audited resource type " + resourceType);
        }
        return repo.insert(new AuditEvent(UUID.randomUUID(), tenantId, null, apiKeyId == null ? "admin" : "api_key",
                apiKeyId, action, resourceType, resourceId, List.copyOf(changedFields)));
    }

    /** Newest first; every filter optional. */
    public Mono<Page<AuditEvent>> list(UUID tenantId, String resourceType, String resourceId, Instant from, Instant to,
            PageRequest page) {
        return repo.list(tenantId, resourceType, resourceId, from, to, page.offset(), page.size()).collectList()
                .zipWith(repo.count(tenantId, resourceType, resourceId, from, to))
                .map(x -> new Page<>(x.getT1(), page.page(), page.size(), x.getT2()));
    }
}
