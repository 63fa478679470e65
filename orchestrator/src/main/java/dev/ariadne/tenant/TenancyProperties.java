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
 *     calls / 5 API requests per second per key with bursts of 20, pro 5 / 10 / 20 per second, bursts of 100,
 *     enterprise 50 / 50 / 100 per second, bursts of 500 ({@code requests-per-second}, {@code request-burst}). A limit
 *     left out keeps its default.
 */
@ConfigurationProperties("ariadne")
public record TenancyProperties(String adminToken, Map<Tier, TierOverride> tiers) {
    static final Map<Tier, TierLimits> DEFAULT_TIERS = Map.of(
            Tier.FREE, new TierLimits(1, 2, 5, 20),
            Tier.PRO, new TierLimits(5, 10, 20, 100),
            Tier.ENTERPRISE, new TierLimits(50, 50, 100, 500));

    /** Configured limits of one tier; a null field keeps the default. */
    public record TierOverride(Integer maxTrunks, Integer maxConcurrentCalls, Double requestsPerSecond,
            Integer requestBurst) {
        public TierOverride {
            if (requestsPerSecond != null && !(requestsPerSecond > 0)) {
                throw new IllegalArgumentException("requests-per-second must be above 0, was " + requestsPerSecond);
            }
            if (requestBurst != null && requestBurst < 1) {
                throw new IllegalArgumentException("request-burst must be at least 1, was " + requestBurst);
            }
        }
    }

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
                o.maxConcurrentCalls() == null ? d.maxConcurrentCalls() : o.maxConcurrentCalls(),
                o.requestsPerSecond() == null ? d.requestsPerSecond() : o.requestsPerSecond(),
                o.requestBurst() == null ? d.requestBurst() : o.requestBurst());
    }
}
