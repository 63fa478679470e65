package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.RecordedCall;
import dev.ariadne.agent.reference.ReferenceAgent;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ariadne's Asterisk crashes during a call and comes back: the orchestrator's ARI client reconnects, finds the
 * call's channel gone and ends the call ({@code asterisk_lost}); the next call works. Named to run last
 * (surefire's runOrder is alphabetical): it restarts a shared Asterisk.
 */
@E2eTest
class ZAsteriskRestartE2eTests {
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private final E2eStack stack;
    private CarrierTenant tenant;

    ZAsteriskRestartE2eTests(E2eStack stack) {
        this.stack = stack;
    }

    @BeforeAll
    void tenant() {
        tenant = stack.carrierTenant();
    }

    private int readiness() {
        return stack.api().web().get().uri("/actuator/health/readiness").exchange()
                .expectBody(String.class).returnResult().getStatus().value();
    }

    @Test
    void callLostInAnAsteriskCrashIsFinalizedAndTheNextCallWorks() {
        Api api = stack.api();
        ReferenceAgent agent = stack.echoAgent();
        String number = tenant.newNumber(tenant.echoAgentId());
        int mark = AgentCalls.mark(agent);
        CarrierCall lost = stack.carrier().dial(number);
        RecordedCall received;
        try {
            lost.awaitAnswered(ANSWER);
            received = AgentCalls.awaitNew(agent, mark, ANSWER);
            assertThat(api.activeCallIds(tenant.apiKey())).contains(received.callId());

            assertThat(readiness()).as("ready while Asterisk has the Stasis app").isEqualTo(200);
            stack.crashAriadneAsterisk();
            // Readiness means calls can be taken: not while Asterisk is down (Kubernetes, the SIP edge and
            // local-stack.sh read it).
            await("readiness down while Asterisk is down").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100)).until(this::readiness, status -> status == 503);
            stack.restartAriadneAsterisk();
            await("readiness up once the Stasis app is registered again").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100)).until(this::readiness, status -> status == 200);

            String callId = received.callId();
            await("call record finalized after the ARI reconnect").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> api.call(tenant.apiKey(), callId).get("endedAt") != null);
        } finally {
            lost.hangup(); // a crashed Asterisk sends no BYE: the carrier's leg is still up
        }
        Map<String, Object> record = api.call(tenant.apiKey(), received.callId());
        assertThat(record)
                .containsEntry("status", "failed")
                .containsEntry("cause", "asterisk_lost");
        assertThat(api.activeCallIds(tenant.apiKey())).doesNotContain(received.callId());
        await("stop at the agent").atMost(Duration.ofSeconds(5)).until(() -> received.stop() != null);

        int next = AgentCalls.mark(agent);
        CarrierCall call = stack.carrier().dial(tenant.newNumber(tenant.echoAgentId()));
        try {
            call.awaitAnswered(ANSWER);
            String playback = call.play("tone:440");
            AgentCalls.awaitAudio(AgentCalls.awaitNew(agent, next, ANSWER), 1.0, Duration.ofSeconds(10));
            call.stopPlayback(playback);
        } finally {
            call.hangup();
        }
    }
}
