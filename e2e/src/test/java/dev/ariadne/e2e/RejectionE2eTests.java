package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.ReferenceAgent;
import dev.ariadne.agent.reference.ReferenceAgentConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls Ariadne must not connect: a number nobody owns (recorded for no tenant), and a number whose trunk does not
 * allow the carrier's address (recorded for the number's owner only, never for the tenant whose trunk does).
 */
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
    void unknownNumberIsRejectedAndRecordedForTheOperatorsNotForTheTenantWhoseTrunkTheCarrierMatches() {
        String unknown = Api.randomE164();
        CarrierCall call = stack.carrier().dial(unknown);
        CarrierCall.Hangup hangup = call.awaitRejected(REJECT);
        assertThat(hangup.cause()).as("Q.850 cause the carrier got (404: unallocated)").isEqualTo(1);

        Api api = stack.api();
        await("operators' record of the call to " + unknown).atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> api.unattributedCalls(unknown).stream().anyMatch(c -> "rejected".equals(c.get("status"))));
        Map<String, Object> record = api.unattributedCalls(unknown).getFirst();
        assertThat(record)
                .containsEntry("status", "rejected")
                .containsEntry("cause", "unknown_number")
                .containsEntry("direction", "inbound")
                .containsEntry("to", unknown)
                .containsEntry("from", Carrier.CALLER)
                .doesNotContainKeys("tenantId", "trunkId", "numberId", "agentId", "answeredAt");
        assertThat((String) record.get("rejectReason")).contains(unknown);
        assertThat((String) record.get("sipCallId")).as("SIP Call-ID of a rejected call").isNotBlank();
        assertThat((String) record.get("sourceAddress")).startsWith("127.0.0.1:");
        assertThat(api.calls(tenant.apiKey(), unknown)).as("the carrier tenant's calls").isEmpty();
    }

    @Test
    void secondTenantsNumberCannotBeReachedThroughTheFirstTenantsTrunk() throws Exception {
        Api api = stack.api();
        String otherKey = api.tenant("other-tenant");
        // The other tenant's trunk allows only 192.0.2.77, not the carrier's 127.0.0.1 (which the first tenant's allows).
        String otherTrunk = (String) api.trunk(otherKey,
                Api.carrierTrunk("elsewhere", stack.carrierSipPort(), List.of("192.0.2.77"))).get("id");
        String otherAgent = api.agent(otherKey, "other", otherTenantsAgent.url());
        String othersNumber = Api.randomE164();
        api.number(otherKey, othersNumber, otherTrunk, otherAgent);

        CarrierCall call = stack.carrier().dial(othersNumber);
        assertThat(call.awaitRejected(REJECT).cause()).as("Q.850 cause (403: call rejected)").isEqualTo(21);

        // The record is the number owner's, with the check that failed; the carrier tenant, whose trunk allows the
        // carrier's address, sees nothing of it.
        Map<String, Object> record = awaitRecord(otherKey, othersNumber);
        assertThat(record)
                .containsEntry("status", "rejected")
                .containsEntry("cause", "address_not_allowed")
                .containsEntry("trunkId", otherTrunk)
                .containsEntry("from", Carrier.CALLER);
        assertThat((String) record.get("rejectReason")).contains("'elsewhere'", "does not allow 127.0.0.1")
                .doesNotContain(tenant.trunkId(), tenant.endpointId());
        assertThat((String) record.get("sipCallId")).isNotBlank();
        assertThat(record.get("agentId")).isNull();
        assertThat(api.calls(tenant.apiKey(), othersNumber)).isEmpty();
        Thread.sleep(500); // a late agent connection would show here
        assertThat(otherTenantsAgent.calls()).isEmpty();
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
