package dev.ariadne.tenant;

import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tenancy settings.
 *
 * @param adminToken the bearer token for {@code POST /api/v1/tenants} (env {@code ARIADNE_ADMIN_TOKEN}). Default:
 *     none, in which case tenant creation is refused (401) and a warning logged at startup.
 * @param tiers limits per tier ({@code ariadne.tiers.pro.max-trunks=5}); defaults: free 1 trunk / 2 concurrent
 *     calls, pro 5 / 10, enterprise 50 / 50. A tier left out keeps its default.
 */
@ConfigurationProperties("ariadne")
public record TenancyProperties(String adminToken, Map<Tier, TierLimits> tiers) {
    static final Map<Tier, TierLimits> DEFAULT_TIERS = Map.of(
            Tier.FREE, new TierLimits(1, 2),
            Tier.PRO, new TierLimits(5, 10),
            Tier.ENTERPRISE, new TierLimits(50, 50));

    public TenancyProperties {
        Map<Tier, TierLimits> merged = new EnumMap<>(DEFAULT_TIERS);
        if (tiers != null) {
            merged.putAll(tiers);
        }
        tiers = Map.copyOf(merged);
    }

    public TierLimits limits(Tier tier) {
        return tiers.get(tier);
    }
}
