package dev.ariadne.provisioning;

import dev.ariadne.trunk.Trunk;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Provisioning and trunk metrics. {@code ariadne.provisioning.lag}: from a trunk change's transaction to Asterisk
 * having been told; {@code ariadne.provisioning.pending}: changes waiting at the last pass;
 * {@code ariadne.provisioning.failures}: passes whose changes Asterisk did not take. Per trunk (labels {@code trunk}
 * and {@code tenant}, ids: one series per enabled, applied trunk), refreshed by every health pass:
 * {@code ariadne.trunk.health} (1 reachable, 0 unreachable, -1 unknown), {@code ariadne.trunk.calls.active} (on
 * every live node), {@code ariadne.trunk.calls.max} and {@code ariadne.trunk.utilization} (active / max, 0..1).
 */
@Component
class ProvisioningMeters {
    private final Timer lag;
    private final Counter failures;
    private final AtomicInteger pending = new AtomicInteger();
    private final MultiGauge health;
    private final MultiGauge active;
    private final MultiGauge max;
    private final MultiGauge utilization;

    ProvisioningMeters(MeterRegistry registry) {
        lag = Timer.builder("ariadne.provisioning.lag")
                .description("from a trunk change being committed until Asterisk was told (pushed and reloaded)")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30))
                .register(registry);
        failures = Counter.builder("ariadne.provisioning.failures")
                .description("reconcile passes whose changes Asterisk did not take (retried)").register(registry);
        Gauge.builder("ariadne.provisioning.pending", pending, AtomicInteger::get)
                .description("trunk changes Asterisk had still to be told about at the last reconcile pass")
                .register(registry);
        health = MultiGauge.builder("ariadne.trunk.health")
                .description("the trunk's health: 1 reachable, 0 unreachable (qualify fails), -1 unknown")
                .register(registry);
        active = MultiGauge.builder("ariadne.trunk.calls.active")
                .description("calls on the trunk now, on every live node").register(registry);
        max = MultiGauge.builder("ariadne.trunk.calls.max")
                .description("the trunk's maxConcurrentCalls").register(registry);
        utilization = MultiGauge.builder("ariadne.trunk.utilization")
                .description("calls on the trunk now / its maxConcurrentCalls (0..1)").register(registry);
    }

    void applied(double lagSeconds) {
        lag.record((long) (lagSeconds * 1e9), TimeUnit.NANOSECONDS);
    }

    void pass(int waiting, boolean failed) {
        pending.set(waiting);
        if (failed) {
            failures.increment();
        }
    }

    /** The applied trunks as the health pass found them, and every trunk's calls on every live node. */
    void trunks(List<TrunkSeen> trunks, Map<UUID, Long> calls) {
        List<MultiGauge.Row<?>> h = new ArrayList<>();
        List<MultiGauge.Row<?>> a = new ArrayList<>();
        List<MultiGauge.Row<?>> m = new ArrayList<>();
        List<MultiGauge.Row<?>> u = new ArrayList<>();
        for (TrunkSeen seen : trunks) {
            Trunk t = seen.trunk();
            Tags tags = Tags.of("trunk", t.id().toString(), "tenant", t.tenantId().toString());
            long n = calls.getOrDefault(t.id(), 0L);
            h.add(MultiGauge.Row.of(tags, switch (seen.health()) {
                case "reachable" -> 1;
                case "unreachable" -> 0;
                default -> -1;
            }));
            a.add(MultiGauge.Row.of(tags, n));
            m.add(MultiGauge.Row.of(tags, t.maxConcurrentCalls()));
            u.add(MultiGauge.Row.of(tags, t.maxConcurrentCalls() <= 0 ? 0 : (double) n / t.maxConcurrentCalls()));
        }
        health.register(h, true);
        active.register(a, true);
        max.register(m, true);
        utilization.register(u, true);
    }

    /** A trunk and the health status the pass found for it. */
    record TrunkSeen(Trunk trunk, String health) {}
}
