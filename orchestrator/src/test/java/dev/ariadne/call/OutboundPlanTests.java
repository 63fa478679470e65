package dev.ariadne.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.trunk.Trunk;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OutboundPlanTests {
    static final UUID TENANT = UUID.randomUUID();

    static Trunk trunk(String name, int priority, UUID failover) {
        UUID id = UUID.nameUUIDFromBytes(name.getBytes());
        return new Trunk(id, TENANT, name, "both", "sip." + name + ".example", 5060, "udp", null, false, false,
                List.of("192.0.2.1"), List.of("ulaw"), "rfc4733", "none", 10, priority, null, null, failover, true,
                Trunk.endpointIdFor(TENANT, id), new Trunk.Provisioning("applied", null, Instant.now()),
                new Trunk.Health("reachable", null, Instant.now(), null), Instant.now(), Instant.now(), null, null);
    }

    @Test
    void afterAFailureTheTrunksFailoverTrunkComesBeforeTheRestOfTheOrder() {
        Trunk c = trunk("c", 30, null);
        Trunk b = trunk("b", 20, null);
        Trunk a = trunk("a", 10, c.id());
        OutboundPlan plan = new OutboundPlan(List.of(a, b, c), "+15551234567", Duration.ofSeconds(30), false);
        assertThat(plan.next(a, Set.of(a.id()), t -> true)).contains(c);
        assertThat(plan.next(c, Set.of(a.id(), c.id()), t -> true)).contains(b);
        assertThat(plan.next(b, Set.of(a.id(), b.id(), c.id()), t -> true)).isEmpty();
    }

    @Test
    void aTrunkThatCannotTakeTheCallIsPassedOver() {
        Trunk b = trunk("b", 20, null);
        Trunk a = trunk("a", 10, b.id());
        Trunk c = trunk("c", 30, null);
        OutboundPlan plan = new OutboundPlan(List.of(a, b, c), "+15551234567", Duration.ofSeconds(30), false);
        assertThat(plan.next(a, Set.of(a.id()), t -> !t.equals(b))).contains(c);
    }

    @Test
    void theDialStringIsTheTrunksOwnEndpoint() {
        Trunk a = trunk("a", 10, null);
        OutboundPlan plan = new OutboundPlan(List.of(a), "+15551234567", Duration.ofSeconds(30), false);
        assertThat(plan.dialString(a)).isEqualTo("PJSIP/+15551234567@" + a.endpointId());
    }
}
