package dev.ariadne.audit.web;

import dev.ariadne.audit.AuditEvent;
import dev.ariadne.audit.AuditLog;
import dev.ariadne.common.Page;
import dev.ariadne.common.PageRequest;
import dev.ariadne.common.Violations;
import dev.ariadne.tenant.AuthenticatedTenant;
import dev.ariadne.web.QueryParams;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/audit-events}: the tenant's configuration changes, newest first. */
@RestController
class AuditController {
    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/api/v1/audit-events")
    Mono<Page<AuditEvent>> list(AuthenticatedTenant tenant,
            @RequestParam(required = false) String resourceType,
            @RequestParam(required = false) String resourceId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return Mono.fromCallable(() -> {
            Violations v = new Violations();
            v.check(resourceType == null || AuditLog.RESOURCE_TYPES.contains(resourceType), "resourceType",
                    "must be one of " + String.join(", ", AuditLog.RESOURCE_TYPES.stream().sorted().toList()));
            v.check(resourceId == null || resourceId.length() <= 100, "resourceId", "must be at most 100 characters");
            Instant f = QueryParams.instant(v, "from", from);
            Instant t = QueryParams.instant(v, "to", to);
            v.check(f == null || t == null || f.isBefore(t), "to", "must be after from");
            PageRequest p = PageRequest.of(page, size);
            v.throwIfAny();
            return new Query(f, t, p);
        }).flatMap(q -> audit.list(tenant.tenantId(), resourceType, resourceId, q.from(), q.to(), q.page()));
    }

    private record Query(Instant from, Instant to, PageRequest page) {}
}
