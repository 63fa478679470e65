package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.ReferenceAgent;
import dev.ariadne.agent.reference.ReferenceAgentConfig;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls Ariadne must not connect: a number nobody owns (recorded for no tenant), and a number whose trunk does not
 * allow the carrier's address (refused by Asterisk's ACL on the trunk's inbound endpoint: never reaches the
 * orchestrator, so nothing is recorded for anyone, least of all for the tenant whose trunk allows the address).
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

        long before = FloodE2eTests.processedCalls(stack);
        CarrierCall call = stack.carrier().dial(othersNumber);
        assertThat(call.awaitRejected(REJECT).cause()).as("Q.850 cause (401: call rejected)").isEqualTo(21);

        // Refused by Asterisk: the number identifies the other trunk's inbound endpoint, whose ACL does not admit the
        // carrier's address, so PJSIP answers as for an unknown caller. No channel, nothing for anyone to record; the
        // carrier tenant, whose trunk allows the carrier's address, gets nothing of it either.
        assertThat(FloodE2eTests.processedCalls(stack) - before).as("calls Ariadne's Asterisk processed").isZero();
        Thread.sleep(500); // a late record or agent connection would show here
        assertThat(api.calls(otherKey, othersNumber)).as("the number owner's records").isEmpty();
        assertThat(api.calls(tenant.apiKey(), othersNumber)).as("the carrier tenant's records").isEmpty();
        assertThat(otherTenantsAgent.calls()).isEmpty();
        assertThat(Files.readString(stack.ariadneAsterisk().log()))
                .as("Asterisk's log names the ACL").contains("Not match Endpoint ACL");
    }
}
