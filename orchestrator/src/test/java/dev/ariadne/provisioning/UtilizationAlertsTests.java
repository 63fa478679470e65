package dev.ariadne.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import dev.ariadne.support.EventRows;
import dev.ariadne.trunk.Trunk;
import dev.ariadne.trunk.TrunkDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** trunk.utilization_high comes once per upward crossing of the threshold (0.8), not at every health pass. */
@ApiTest
class UtilizationAlertsTests {
    static final Duration T = Duration.ofSeconds(10);
    @Autowired
    WebTestClient web;
    @Autowired
    TrunkDirectory trunks;
    @Autowired
    UtilizationAlerts alerts;
    @Autowired
    DatabaseClient db;

    @Test
    void aTrunkGoingAboveTheThresholdIsOneEventUntilItHasBeenBelowAgain() {
        Api api = new Api(web);
        String key = api.tenant("pro");
        Map<String, Object> body = Api.trunkBody("busy");
        body.put("maxConcurrentCalls", 10);
        UUID trunkId = UUID.fromString(api.create(key, "/api/v1/trunks", body));
        UUID tenantId = dev.ariadne.support.TrunkRows.tenantOf(db, trunkId);
        Trunk trunk = trunks.byId(trunkId).block(T);
        List<ProvisioningMeters.TrunkSeen> seen = List.of(new ProvisioningMeters.TrunkSeen(trunk, "reachable"));

        for (long active : new long[] {8, 9, 10, 9, 3, 8, 9}) { // 0.8 is not above 0.8; 0.9 is
            alerts.check(seen, Map.of(trunkId, active)).block(T);
        }

        List<EventRows.Row> events = EventRows.of(db, tenantId);
        assertThat(events).extracting(EventRows.Row::type)
                .containsExactly("trunk.utilization_high", "trunk.utilization_high");
        assertThat(events.get(0).data().get("activeCalls").asInt()).isEqualTo(9);
        assertThat(events.get(0).data().get("maxConcurrentCalls").asInt()).isEqualTo(10);
        assertThat(events.get(0).data().get("utilization").asDouble()).isEqualTo(0.9);
        assertThat(events.get(0).data().get("threshold").asDouble()).isEqualTo(0.8);
        assertThat(events.get(0).data().get("trunkId").asString()).isEqualTo(trunkId.toString());
    }
}
