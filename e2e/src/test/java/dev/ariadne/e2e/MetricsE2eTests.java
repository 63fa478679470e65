package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.RecordedCall;
import dev.ariadne.agent.reference.ReferenceAgent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator's {@code /actuator/prometheus} shows a real call through Asterisk: the tenant's active-calls gauge
 * while it runs, then the ended counter with its status and cause, set-up and duration timers, the ARI commands it
 * sent, the RTP frames it relayed, and the trunk it came in on.
 */
@E2eTest
class MetricsE2eTests {
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private final E2eStack stack;

    MetricsE2eTests(E2eStack stack) {
        this.stack = stack;
    }

    @Test
    void aCallShowsInTheMetricsWhileItRunsAndAfterItEnded() {
        Api api = stack.api();
        CarrierTenant tenant = CarrierTenant.create(stack);
        ReferenceAgent agent = stack.echoAgent();
        String number = tenant.newNumber(tenant.echoAgentId());
        String inbound = "direction=\"inbound\"";
        String completed = "status=\"completed\"";
        String hangup = "cause=\"caller_hangup\"";
        Scrape before = Scrape.of(stack.baseUrl());

        String[] tenantLabel = new String[1];
        RecordedCall received = AgentCalls.toneCall(stack.carrier(), agent, number, ANSWER, c -> {
            tenantLabel[0] = "tenant=\"" + api.call(tenant.apiKey(), c.callId()).get("tenantId") + "\"";
            Scrape during = Scrape.of(stack.baseUrl());
            assertThat(during.sum("ariadne_calls_active", inbound, tenantLabel[0])).as("the tenant's active calls").isEqualTo(1);
            assertThat(during.sum("ariadne_call_setup_seconds_count", inbound) - before.sum("ariadne_call_setup_seconds_count", inbound))
                    .as("calls set up").isGreaterThanOrEqualTo(1);
        });
        String callId = received.callId();
        await("record completed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> "completed".equals(api.call(tenant.apiKey(), callId).get("status")));

        Scrape after = Scrape.of(stack.baseUrl());
        assertThat(after.sum("ariadne_calls_active", inbound, tenantLabel[0])).as("active after the hangup").isZero();
        assertThat(delta(before, after, "ariadne_calls_started_total", inbound)).isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "ariadne_calls_ended_total", inbound, completed, hangup)).isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "ariadne_call_duration_seconds_count", inbound)).isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "ariadne_call_first_agent_audio_seconds_count", inbound)).isGreaterThanOrEqualTo(1);
        // 1 s of 440 Hz at 20 ms a frame, and the echo back.
        assertThat(delta(before, after, "ariadne_media_frames_total", "direction=\"in\"")).isGreaterThanOrEqualTo(40);
        assertThat(delta(before, after, "ariadne_media_frames_total", "direction=\"out\"")).isGreaterThanOrEqualTo(40);
        assertThat(delta(before, after, "ariadne_ari_commands_seconds_count", "command=\"answer\"", "outcome=\"ok\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "ariadne_ari_commands_seconds_count", "command=\"external_media\"", "outcome=\"ok\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "ariadne_agent_connect_seconds_count", "outcome=\"ok\"")).isGreaterThanOrEqualTo(1);
        assertThat(after.sum("ariadne_ari_connected")).isEqualTo(1);
        assertThat(after.has("ariadne_agent_circuit_state", "agent=\"" + agent.url().replaceFirst("\\?.*", "") + "\""))
                .as("the echo agent's breaker").isTrue();
        assertThat(after.has("ariadne_calls_ended_total", "node=\"")).as("every meter names its node").isTrue();
        assertThat(after.sum("ariadne_provisioning_lag_seconds_count")).as("trunk changes applied").isGreaterThanOrEqualTo(1);

        String trunk = "trunk=\"" + tenant.trunkId() + "\"";
        await("the trunk's gauges").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> Scrape.of(stack.baseUrl()).has("ariadne_trunk_calls_max", trunk));
        Scrape trunks = Scrape.of(stack.baseUrl());
        assertThat(trunks.sum("ariadne_trunk_calls_max", trunk, tenantLabel[0]))
                .isEqualTo(((Number) api.get(tenant.apiKey(), "/api/v1/trunks/" + tenant.trunkId()).get("maxConcurrentCalls")).doubleValue());
        assertThat(trunks.has("ariadne_trunk_utilization", trunk)).isTrue();
        assertThat(trunks.has("ariadne_trunk_health", trunk)).isTrue();
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
