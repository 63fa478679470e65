package dev.ariadne.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.edge.EdgeProperties;
import dev.ariadne.trunk.Trunk;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Behind the SIP edge, a trunk's inbound endpoint admits the edge besides the trunk's own addresses. */
class EdgeRowsTests {
    private static final ProvisioningProperties PROPS = new ProvisioningProperties("ariadne-inbound", "transport-", 60,
            30, Duration.ofSeconds(5), Duration.ofSeconds(30), "present", Duration.ofSeconds(30));

    static Trunk trunk(List<String> allowedIps) {
        UUID tenant = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        return new Trunk(id, tenant, "t", "both", "sip.carrier.example", 5060, "udp", null, false, false, allowedIps,
                List.of("ulaw"), "rfc4733", "none", 10, 10, null, null, null, true, Trunk.endpointIdFor(tenant, id),
                new Trunk.Provisioning("applied", null, Instant.now()), new Trunk.Health("reachable", null, Instant.now(), null),
                Instant.now(), Instant.now(), null, null);
    }

    static Map<String, String> inboundEndpoint(PjsipMapper mapper, Trunk t) {
        return mapper.rows(t, null, List.of("+15551230000")).stream()
                .filter(r -> r.table().equals("ps_endpoints") && r.columns().get("id").equals(Trunk.inboundEndpointId(t.endpointId())))
                .findFirst().orElseThrow().columns();
    }

    @Test
    void theInboundEndpointPermitsTheEdgeAfterTheTrunksAddresses() {
        Trunk t = trunk(List.of("203.0.113.10"));
        PjsipMapper mapper = new PjsipMapper(PROPS, new EdgeProperties(List.of("10.98.0.20", "10.99.0.0/24")));
        assertThat(inboundEndpoint(mapper, t)).containsEntry("deny", "0.0.0.0/0,::/0")
                .containsEntry("permit", "203.0.113.10,10.98.0.20,10.99.0.0/24");
    }

    @Test
    void withoutAnEdgeOnlyTheTrunksAddressesArePermitted() {
        Trunk t = trunk(List.of("203.0.113.10"));
        assertThat(inboundEndpoint(new PjsipMapper(PROPS), t)).containsEntry("permit", "203.0.113.10");
    }

    @Test
    void aTrunkWithoutAddressesStillAdmitsNobodyByNumberBehindTheEdge() {
        Trunk t = trunk(List.of());
        PjsipMapper mapper = new PjsipMapper(PROPS, new EdgeProperties(List.of("10.98.0.20")));
        assertThat(inboundEndpoint(mapper, t)).containsEntry("deny", "0.0.0.0/0,::/0").doesNotContainKey("permit");
    }
}
