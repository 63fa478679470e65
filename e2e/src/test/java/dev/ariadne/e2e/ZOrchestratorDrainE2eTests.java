package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.RecordedCall;
import dev.ariadne.agent.reference.ReferenceAgent;
import dev.ariadne.agent.reference.ToneAnalysis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator shuts down (its context closes, as on SIGTERM) during a call: readiness goes down at once, new
 * calls are refused with SIP 503 (for the SIP edge to try another node) and recorded as {@code draining}, outbound
 * requests get 503 {@code draining}; the call in progress keeps its audio both ways (checked by content) until the
 * carrier hangs up, and only then does the shutdown complete, with the record finalized as a normal hangup. With a
 * short drain timeout the call is ended by it instead ({@code orchestrator_shutdown}). Each test leaves the stack's
 * usual orchestrator running (a fresh context on the same ports and database); named to run late all the same.
 */
@E2eTest
class ZOrchestratorDrainE2eTests {
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final double[] CANDIDATES = {300, 440, 1000, 1500};
    private final E2eStack stack;
    private CarrierTenant tenant;
    private boolean restore;

    ZOrchestratorDrainE2eTests(E2eStack stack) {
        this.stack = stack;
    }

    @BeforeAll
    void tenant() {
        tenant = stack.carrierTenant();
    }

    @AfterEach
    void restoreTheStacksOrchestrator() {
        if (restore) {
            stack.restartOrchestrator(List.of());
            restore = false;
        }
    }

    @Test
    void aCallInProgressKeepsItsAudioThroughAShutdownThatWaitsForItWhileNewCallsAreRefusedWith503() throws Exception {
        Api api = stack.api();
        ReferenceAgent agent = stack.toneAgent();
        String number = tenant.newNumber(tenant.toneAgentId());
        // Made before the shutdown: trunk changes are not applied to Asterisk while a node drains.
        String secondNumber = tenant.newNumber(tenant.toneAgentId());
        int mark = AgentCalls.mark(agent);
        CarrierCall call = stack.carrier().dial(number);
        CompletableFuture<Void> closing = null;
        try {
            call.awaitAnswered(ANSWER);
            String playback = call.play("tone:440");
            RecordedCall received = AgentCalls.awaitNew(agent, mark, ANSWER);
            AgentCalls.awaitAudio(received, 1.0, Duration.ofSeconds(10));
            assertThat(stack.readiness()).as("ready before the shutdown").isEqualTo(200);

            restore = true;
            closing = CompletableFuture.runAsync(stack::closeOrchestrator);
            await("readiness down once the drain started").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50)).until(stack::readiness, status -> status == 503);

            // A new call is refused without an answer, with cause 34 / SIP 503, and recorded for its tenant.
            CarrierCall.Hangup refused = stack.carrier().dial(secondNumber).awaitRejected(ANSWER);
            assertThat(refused.cause()).as("Q.850 cause the carrier got").isEqualTo(34);
            assertThat(refused.sipStatus()).as("SIP response the carrier got").isEqualTo(503);
            await("record of the refused call").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.calls(tenant.apiKey(), secondNumber).stream()
                            .anyMatch(c -> "rejected".equals(c.get("status"))));
            assertThat(api.calls(tenant.apiKey(), secondNumber).getFirst())
                    .containsEntry("cause", "draining")
                    .containsEntry("causeCode", 34)
                    .containsEntry("trunkId", tenant.trunkId())
                    .doesNotContainKey("answeredAt")
                    .extractingByKey("rejectReason").asString().contains("shutting down");

            Api.Response outbound = api.placeCall(tenant.apiKey(), Map.of("to", "+15557654321", "from", number), null);
            assertThat(outbound.status()).isEqualTo(503);
            assertThat(outbound.body()).containsEntry("type", "https://ariadne.dev/problems/draining");
            assertThat(outbound.headers().getFirst("Retry-After")).isEqualTo("1");

            // The call in progress, seconds into the shutdown: the carrier's 440 Hz still reaches the agent...
            double heard = received.audioBytesReceived() / (2.0 * received.sampleRate());
            AgentCalls.awaitAudio(received, heard + 3.0, Duration.ofSeconds(10));
            short[] atAgent = ToneAnalysis.samples(AgentCalls.last(received.audio(), received.sampleRate(), 1.0));
            assertThat(ToneAnalysis.rmsDbfs(atAgent)).as("level at the agent while draining, dBFS").isGreaterThan(-40);
            assertThat(ToneAnalysis.dominantFrequency(atAgent, received.sampleRate(), CANDIDATES)).isEqualTo(440);
            // ...and the agent's 1 kHz reaches the carrier (a recording waits for the channel's playback to end).
            call.stopPlayback(playback);
            String name = "e2e-drain-" + UUID.randomUUID();
            call.startRecording(name);
            Thread.sleep(2500); // the recording's length: real time is the point
            Wav wav = Wav.read(call.stopRecording(name));
            short[] atCarrier = ToneAnalysis.samples(AgentCalls.last(wav.pcmLe(), wav.sampleRate(), 1.0));
            assertThat(ToneAnalysis.rmsDbfs(atCarrier)).as("level at the carrier while draining, dBFS").isGreaterThan(-40);
            assertThat(ToneAnalysis.dominantFrequency(atCarrier, wav.sampleRate(), CANDIDATES))
                    .isEqualTo(E2eStack.AGENT_TONE_HZ);
            assertThat(call.hangupSoFar()).as("the carrier's leg").isEmpty();
            assertThat(closing).as("the shutdown waits for the call").isNotDone();
            assertThat(api.activeCallIds(tenant.apiKey())).contains(received.callId());

            call.hangup();
            closing.get(30, TimeUnit.SECONDS);

            stack.restartOrchestrator(List.of());
            restore = false;
            assertThat(stack.api().call(tenant.apiKey(), received.callId()))
                    .as("finalized by the drained node itself, not by the next one's recovery")
                    .containsEntry("status", "completed")
                    .containsEntry("cause", "caller_hangup")
                    .containsKey("endedAt");
        } finally {
            call.hangup();
            if (closing != null) {
                // Whatever failed above, the next context must not start while this one still closes.
                closing.handle((x, e) -> null).get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aCallStillUpAtTheDrainTimeoutIsEndedByItWithTheShutdownCauseOnItsRecord() throws Exception {
        restore = true;
        stack.restartOrchestrator(List.of("--ariadne.call.drain-timeout=3s"));
        ReferenceAgent agent = stack.echoAgent();
        String number = tenant.newNumber(tenant.echoAgentId());
        int mark = AgentCalls.mark(agent);
        CarrierCall call = stack.carrier().dial(number);
        try {
            call.awaitAnswered(ANSWER);
            call.play("tone:440");
            RecordedCall received = AgentCalls.awaitNew(agent, mark, ANSWER);
            AgentCalls.awaitAudio(received, 1.0, Duration.ofSeconds(10));

            CompletableFuture<Void> closing = CompletableFuture.runAsync(stack::closeOrchestrator);
            CarrierCall.Hangup ended = call.awaitHangup(Duration.ofSeconds(30));
            assertThat(ended.cause()).as("Q.850 cause of the BYE the carrier got").isEqualTo(16);
            closing.get(60, TimeUnit.SECONDS);
            await("the agent's stop message").atMost(Duration.ofSeconds(5)).until(() -> received.stop() != null);

            stack.restartOrchestrator(List.of());
            restore = false;
            assertThat(stack.api().call(tenant.apiKey(), received.callId()))
                    .containsEntry("status", "failed")
                    .containsEntry("cause", "orchestrator_shutdown")
                    .containsKey("endedAt")
                    .containsKey("answeredAt");
        } finally {
            call.hangup();
        }
    }
}
