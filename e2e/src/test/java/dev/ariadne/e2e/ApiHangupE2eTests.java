package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.RecordedCall;
import dev.ariadne.agent.reference.ReferenceAgent;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/calls/{id}/hangup} on a live call: everyone sees the end, the record says why. */
@E2eTest
class ApiHangupE2eTests {
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private final E2eStack stack;
    private CarrierTenant tenant;

    ApiHangupE2eTests(E2eStack stack) {
        this.stack = stack;
    }

    @BeforeAll
    void tenant() {
        tenant = stack.carrierTenant();
    }

    @Test
    void hangupThroughTheApiEndsTheCallForCarrierAndAgentAndIsRecorded() {
        Api api = stack.api();
        ReferenceAgent agent = stack.echoAgent();
        String number = tenant.newNumber(tenant.echoAgentId());
        int mark = AgentCalls.mark(agent);
        CarrierCall call = stack.carrier().dial(number);
        RecordedCall received;
        try {
            call.awaitAnswered(ANSWER);
            received = AgentCalls.awaitNew(agent, mark, ANSWER);
            String callId = received.callId();
            assertThat(api.activeCallIds(tenant.apiKey())).as("active calls while up").contains(callId);

            assertThat(api.hangupCall(tenant.apiKey(), callId)).isEqualTo(200);

            CarrierCall.Hangup hangup = call.awaitHangup(Duration.ofSeconds(5));
            assertThat(hangup.cause()).as("Q.850 cause of Ariadne's BYE").isEqualTo(16);
        } finally {
            call.hangup();
        }
        String callId = received.callId();
        await("stop at the agent").atMost(Duration.ofSeconds(5)).until(() -> received.stop() != null);
        assertThat(received.stop()).containsEntry("type", "stop");

        Map<String, Object> record = api.call(tenant.apiKey(), callId);
        assertThat(record)
                .containsEntry("status", "completed")
                .containsEntry("cause", "api_hangup");
        assertThat(record.get("endedAt")).isNotNull();
        assertThat(api.activeCallIds(tenant.apiKey())).as("active calls after the hangup").doesNotContain(callId);
        assertThat(api.hangupCall(tenant.apiKey(), callId)).as("hanging up an ended call").isEqualTo(409);
    }
}
