package dev.ariadne.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.trunk.Trunk;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProvisioningMetersTests {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProvisioningMeters meters = new ProvisioningMeters(registry);

    @Test
    void eachTrunkHasItsHealthCallsLimitAndUtilization() {
        Trunk busy = EdgeRowsTests.trunk(List.of("192.0.2.1")); // maxConcurrentCalls 10
        Trunk idle = EdgeRowsTests.trunk(List.of("192.0.2.2"));
        meters.trunks(List.of(new ProvisioningMeters.TrunkSeen(busy, "reachable"),
                new ProvisioningMeters.TrunkSeen(idle, "unknown")), Map.of(busy.id(), 8L));

        assertThat(gauge("ariadne.trunk.utilization", busy)).isEqualTo(0.8);
        assertThat(gauge("ariadne.trunk.calls.active", busy)).isEqualTo(8);
        assertThat(gauge("ariadne.trunk.calls.max", busy)).isEqualTo(10);
        assertThat(gauge("ariadne.trunk.health", busy)).isEqualTo(1);
        assertThat(gauge("ariadne.trunk.utilization", idle)).isZero();
        assertThat(gauge("ariadne.trunk.health", idle)).isEqualTo(-1);

        // The next pass no longer has the idle trunk (disabled or removed): its series go.
        meters.trunks(List.of(new ProvisioningMeters.TrunkSeen(busy, "unreachable")), Map.of());
        assertThat(gauge("ariadne.trunk.health", busy)).isZero();
        assertThat(gauge("ariadne.trunk.calls.active", busy)).isZero();
        assertThat(registry.find("ariadne.trunk.health").tag("trunk", idle.id().toString()).gauge()).isNull();
    }

    @Test
    void appliedChangesRecordTheirLagAndFailedPassesAreCounted() {
        meters.applied(0.25);
        meters.applied(1.5);
        meters.pass(3, true);
        assertThat(registry.get("ariadne.provisioning.lag").timer().count()).isEqualTo(2);
        assertThat(registry.get("ariadne.provisioning.lag").timer().max(TimeUnit.MILLISECONDS)).isEqualTo(1500);
        assertThat(registry.get("ariadne.provisioning.pending").gauge().value()).isEqualTo(3);
        assertThat(registry.get("ariadne.provisioning.failures").counter().count()).isEqualTo(1);
        meters.pass(0, false);
        assertThat(registry.get("ariadne.provisioning.pending").gauge().value()).isZero();
    }

    private double gauge(String name, Trunk t) {
        return registry.get(name).tags("trunk", t.id().toString(), "tenant", t.tenantId().toString()).gauge().value();
    }
}
