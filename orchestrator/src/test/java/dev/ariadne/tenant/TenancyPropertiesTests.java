package dev.ariadne.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class TenancyPropertiesTests {

    static TenancyProperties bind(Map<String, String> props) {
        return new Binder(new MapConfigurationPropertySource(props))
                .bindOrCreate("ariadne", TenancyProperties.class);
    }

    @Test
    void defaultsAreFreeOneAndTwoProFiveAndTenEnterpriseFiftyAndFifty() {
        TenancyProperties p = bind(Map.of());
        assertThat(p.limits(Tier.FREE)).isEqualTo(new TierLimits(1, 2, 5, 20));
        assertThat(p.limits(Tier.PRO)).isEqualTo(new TierLimits(5, 10, 20, 100));
        assertThat(p.limits(Tier.ENTERPRISE)).isEqualTo(new TierLimits(50, 50, 100, 500));
        assertThat(p.adminToken()).isNull();
    }

    @Test
    void overridingOneLimitKeepsTheOtherAtItsDefault() {
        TenancyProperties p = bind(Map.of("ariadne.tiers.enterprise.max-trunks", "100000", "ariadne.admin-token", "x"));
        assertThat(p.limits(Tier.ENTERPRISE)).isEqualTo(new TierLimits(100000, 50, 100, 500));
        assertThat(p.limits(Tier.PRO)).isEqualTo(new TierLimits(5, 10, 20, 100));
        assertThat(p.adminToken()).isEqualTo("x");
    }
}
