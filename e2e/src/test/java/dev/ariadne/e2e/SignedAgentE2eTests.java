package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.RecordedCall;
import dev.ariadne.agent.reference.ReferenceAgent;
import dev.ariadne.agent.reference.ReferenceAgentConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An agent that checks the handshake signature with the signing secret the API gave it takes a real call; after
 * the tenant rotates the secret, the same agent (still holding the old one) refuses the next call's handshake.
 */
@E2eTest
class SignedAgentE2eTests {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final E2eStack stack;
    private CarrierTenant tenant;
    private ReferenceAgent agent;

    SignedAgentE2eTests(E2eStack stack) {
        this.stack = stack;
    }

    @BeforeAll
    void tenant() {
        tenant = stack.carrierTenant();
    }

    @AfterAll
    void stopAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void aVerifyingAgentTakesTheCallAndRefusesHandshakesSignedWithAnotherSecret() {
        // The agent's URL is only known once it listens, and its secret only once the API made it: start it on a
        // port first, create the API agent for that URL, then restart the reference agent with the secret.
        ReferenceAgent probe = ReferenceAgent.start(ReferenceAgentConfig.defaults());
        String url = probe.url();
        int port = Integer.parseInt(url.replaceAll(".*:(\\d+)/.*", "$1"));
        probe.close();
        Map<String, Object> created = stack.api().post(tenant.apiKey(), "/api/v1/agents",
                Map.of("name", "signed-" + port, "url", url));
        String secret = (String) created.get("signingSecret");
        assertThat(secret).startsWith("whsec_");
        ReferenceAgentConfig d = ReferenceAgentConfig.defaults();
        agent = ReferenceAgent.start(new ReferenceAgentConfig(d.host(), port, d.mode(), d.toneHz(), d.toneLevel(), null,
                List.of(), d.recordLimit(), secret));

        String number = tenant.newNumber((String) created.get("id"));
        CarrierCall call = stack.carrier().dial(number);
        try {
            call.awaitAnswered(WAIT);
            call.play("tone:440");
            RecordedCall seen = AgentCalls.awaitNew(agent, 0, WAIT);
            assertThat(seen.headers().get("x-ariadne-signature")).matches("t=\\d+,v1=[0-9a-f]{64}");
            AgentCalls.awaitAudio(seen, 0.5, WAIT);
        } finally {
            call.hangup();
        }

        stack.api().web().post().uri("/api/v1/agents/" + created.get("id") + "/signing-secret")
                .header("Authorization", "Bearer " + tenant.apiKey()).exchange().expectStatus().isOk();
        String second = tenant.newNumber((String) created.get("id"));
        CarrierCall refused = stack.carrier().dial(second);
        try {
            refused.awaitHangup(Duration.ofSeconds(20));
        } finally {
            refused.hangup();
        }
        await("record of the refused call").atMost(WAIT).until(() -> stack.api().calls(tenant.apiKey(), second)
                .stream().anyMatch(c -> c.get("endedAt") != null));
        Map<String, Object> record = stack.api().calls(tenant.apiKey(), second).getFirst();
        assertThat(record).containsEntry("cause", "agent_unreachable");
        assertThat((String) record.get("agentCloseReason")).contains("HTTP 401");
        assertThat(agent.calls()).as("the refused handshake never became a call at the agent").hasSize(1);
    }
}
