package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.ReferenceAgent;
import dev.ariadne.agent.reference.ReferenceAgentConfig;
import dev.ariadne.ari.AriEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Calls Ariadne must not connect: a number nobody owns, and another tenant's number. */
@E2eTest
class RejectionE2eTests {
    private static final Duration REJECT = Duration.ofSeconds(10);
    private final E2eStack stack;
    private CarrierTenant tenant;
    private ReferenceAgent otherTenantsAgent;

    RejectionE2eTests(E2eStack stack) {
        this.stack = stack;
    }

    @BeforeAll
    void setUp() {
        tenant = stack.carrierTenant();
        otherTenantsAgent = ReferenceAgent.start(ReferenceAgentConfig.defaults());
    }

    @AfterAll
    void tearDown() {
        otherTenantsAgent.close();
    }

    @Test
    void unknownNumberIsRejectedAndRecorded() {
        String unknown = Api.randomE164();
        CarrierCall call = stack.carrier().dial(unknown);
        CarrierCall.Hangup hangup = awaitRejected(call);
        assertThat(hangup.cause()).as("Q.850 cause the carrier got").isPositive().isNotEqualTo(16);

        Map<String, Object> record = awaitRecord(tenant.apiKey(), unknown);
        assertThat(record)
                .containsEntry("status", "rejected")
                .containsEntry("trunkId", tenant.trunkId())
                .containsEntry("direction", "inbound")
                .containsEntry("to", unknown);
        assertThat((String) record.get("rejectReason")).isNotBlank();
        assertThat(record.get("answeredAt")).isNull();
        assertThat(record.get("agentId")).isNull();
    }

    @Test
    void secondTenantsNumberCannotBeReachedThroughTheFirstTenantsTrunk() throws Exception {
        Api api = stack.api();
        String otherKey = api.tenant("other-tenant");
        // The other tenant's own trunk is elsewhere: the carrier's calls (from 127.0.0.1) are the first tenant's.
        String otherTrunk = (String) api.trunk(otherKey,
                Api.carrierTrunk("elsewhere", stack.carrierSipPort(), List.of("192.0.2.77"))).get("id");
        String otherAgent = api.agent(otherKey, "other", otherTenantsAgent.url());
        String othersNumber = Api.randomE164();
        api.number(otherKey, othersNumber, otherTrunk, otherAgent);

        CarrierCall call = stack.carrier().dial(othersNumber);
        awaitRejected(call);

        Map<String, Object> record = awaitRecord(tenant.apiKey(), othersNumber);
        assertThat(record)
                .containsEntry("status", "rejected")
                .containsEntry("trunkId", tenant.trunkId());
        assertThat((String) record.get("rejectReason")).isNotBlank();
        assertThat(record.get("numberId")).as("the other tenant's number must not show").isNull();
        assertThat(api.calls(otherKey, othersNumber)).isEmpty();
        Thread.sleep(500); // a late agent connection would show here
        assertThat(otherTenantsAgent.calls()).isEmpty();
    }

    private static CarrierCall.Hangup awaitRejected(CarrierCall call) {
        try {
            CarrierCall.Hangup hangup = call.awaitHangup(REJECT);
            List<AriEvent> events = call.events().take(Duration.ofMillis(200)).collectList().block();
            assertThat(events).as("the call must never be answered").noneMatch(AriEvent.StasisStart.class::isInstance);
            return hangup;
        } finally {
            call.hangup();
        }
    }

    private Map<String, Object> awaitRecord(String key, String number) {
        Api api = stack.api();
        await("call record for " + number).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.calls(key, number).stream().anyMatch(c -> !"routing".equals(c.get("status"))));
        List<Map<String, Object>> calls = api.calls(key, number);
        assertThat(calls).hasSize(1);
        return calls.getFirst();
    }
}
