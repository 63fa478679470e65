package dev.ariadne.tenant;

import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tenancy settings.
 *
 * @param adminToken the bearer token for {@code POST /api/v1/tenants} (env {@code ARIADNE_ADMIN_TOKEN}). Default:
 *     none, in which case tenant creation is refused (401).
 * @param tiers limits per tier ({@code ariadne.tiers.pro.max-trunks=5}); defaults: free 1 trunk / 2 concurrent
 *     calls, pro 5 / 10, enterprise 50 / 50. A limit left out keeps its default.
 */
@ConfigurationProperties("ariadne")
public record TenancyProperties(String adminToken, Map<Tier, TierOverride> tiers) {
    static final Map<Tier, TierLimits> DEFAULT_TIERS = Map.of(
            Tier.FREE, new TierLimits(1, 2),
            Tier.PRO, new TierLimits(5, 10),
            Tier.ENTERPRISE, new TierLimits(50, 50));

    /** Configured limits of one tier; a null field keeps the default. */
    public record TierOverride(Integer maxTrunks, Integer maxConcurrentCalls) {}

    public TenancyProperties {
        tiers = tiers == null ? Map.of() : Map.copyOf(new EnumMap<>(tiers));
    }

    public TierLimits limits(Tier tier) {
        TierLimits d = DEFAULT_TIERS.get(tier);
        TierOverride o = tiers.get(tier);
        if (o == null) {
            return d;
        }
        return new TierLimits(
                o.maxTrunks() == null ? d.maxTrunks() : o.maxTrunks(),
                o.maxConcurrentCalls() == null ? d.maxConcurrentCalls() : o.maxConcurrentCalls());
    }
}
