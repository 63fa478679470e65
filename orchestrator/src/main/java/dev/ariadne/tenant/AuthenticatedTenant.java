package dev.ariadne.tenant;

import java.util.Objects;
import java.util.UUID;

/** The tenant behind a request's API key; every tenant-scoped query takes it. */
public record AuthenticatedTenant(UUID tenantId, Tier tier, UUID keyId) {
    public AuthenticatedTenant {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(tier, "tier");
    }
}
