package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.RecordedCall;
import dev.ariadne.agent.reference.ReferenceAgent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A trunk at its {@code maxConcurrentCalls}: the next call is refused as busy, the call in progress goes on. */
@E2eTest
class CapacityE2eTests {
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private final E2eStack stack;
    private CarrierTenant tenant;
    private Object originalLimit;

    CapacityE2eTests(E2eStack stack) {
        this.stack = stack;
    }

    @BeforeAll
    void limitTheCarrierTrunkToOneCall() {
        tenant = stack.carrierTenant();
        String uri = "/api/v1/trunks/" + tenant.trunkId();
        originalLimit = stack.api().get(tenant.apiKey(), uri).get("maxConcurrentCalls");
        assertThat(stack.api().patch(tenant.apiKey(), uri, Map.of("maxConcurrentCalls", 1)))
                .containsEntry("maxConcurrentCalls", 1);
        stack.api().awaitApplied(tenant.apiKey(), tenant.trunkId());
    }

    @AfterAll
    void restoreTheLimit() {
        // The carrier tenant is shared by every e2e test of the run.
        stack.api().patch(tenant.apiKey(), "/api/v1/trunks/" + tenant.trunkId(),
                Map.of("maxConcurrentCalls", originalLimit));
        stack.api().awaitApplied(tenant.apiKey(), tenant.trunkId());
    }

    @Test
    void secondConcurrentCallIsRejectedAsBusyAndTheFirstGoesOn() {
        Api api = stack.api();
        ReferenceAgent agent = stack.echoAgent();
        String first = tenant.newNumber(tenant.echoAgentId());
        String second = tenant.newNumber(tenant.echoAgentId());
        int mark = AgentCalls.mark(agent);
        CarrierCall up = stack.carrier().dial(first);
        try {
            up.awaitAnswered(ANSWER);
            RecordedCall received = AgentCalls.awaitNew(agent, mark, ANSWER);

            CarrierCall refused = stack.carrier().dial(second);
            CarrierCall.Hangup hangup;
            try {
                hangup = refused.awaitHangup(Duration.ofSeconds(10));
            } finally {
                refused.hangup();
            }
            assertThat(hangup.cause()).as("Q.850 cause the carrier got (486 busy)").isEqualTo(17);
            await("rejection recorded").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.calls(tenant.apiKey(), second).stream().anyMatch(c -> c.get("endedAt") != null));
            List<Map<String, Object>> records = api.calls(tenant.apiKey(), second);
            assertThat(records).hasSize(1);
            assertThat(records.getFirst())
                    .containsEntry("status", "rejected")
                    .containsEntry("cause", "busy")
                    .containsEntry("trunkId", tenant.trunkId());
            assertThat(records.getFirst().get("answeredAt")).isNull();

            // The first call still carries audio to its agent.
            assertThat(up.hangupSoFar()).as("first call still up").isEmpty();
            assertThat(api.activeCallIds(tenant.apiKey())).contains(received.callId());
            long before = received.audioBytesReceived();
            String playback = up.play("tone:440");
            await("more audio at the agent").atMost(Duration.ofSeconds(5))
                    .until(() -> received.audioBytesReceived() > before + 16000);
            up.stopPlayback(playback);
        } finally {
            up.hangup();
        }
    }
}
