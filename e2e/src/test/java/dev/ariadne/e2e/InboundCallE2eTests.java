package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.RecordedCall;
import dev.ariadne.agent.reference.ReferenceAgent;
import dev.ariadne.agent.reference.ToneAnalysis;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The carrier calls a tenant's number from the trunk's IP; media, DTMF, hangup and the call record. */
@E2eTest
class InboundCallE2eTests {
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final double[] CANDIDATES = {300, 440, 1000, 1500};
    private final E2eStack stack;
    private CarrierTenant tenant;

    InboundCallE2eTests(E2eStack stack) {
        this.stack = stack;
    }

    @BeforeAll
    void tenant() {
        tenant = stack.carrierTenant();
    }

    @Test
    void carriersToneReachesTheAgentAsSlin16Dominated440Hz() {
        ReferenceAgent agent = stack.echoAgent();
        String number = tenant.newNumber(tenant.echoAgentId());
        int mark = AgentCalls.mark(agent);
        CarrierCall call = stack.carrier().dial(number);
        try {
            call.awaitAnswered(ANSWER);
            String playback = call.play("tone:440");
            RecordedCall received = AgentCalls.awaitNew(agent, mark, ANSWER);
            AgentCalls.awaitAudio(received, 2.0, Duration.ofSeconds(10));
            call.stopPlayback(playback);

            assertThat(received.sampleRate()).isEqualTo(16000);
            assertThat(received.start()).containsEntry("type", "start");
            short[] samples = ToneAnalysis.samples(AgentCalls.last(received.audio(), 16000, 1.0));
            assertThat(ToneAnalysis.rmsDbfs(samples)).as("level at the agent, dBFS").isGreaterThan(-40);
            assertThat(ToneAnalysis.dominantFrequency(samples, 16000, CANDIDATES)).isEqualTo(440);
        } finally {
            call.hangup();
        }
    }

    @Test
    void agentsToneIsWhatTheCarrierHearsDominated1kHz() throws Exception {
        String number = tenant.newNumber(tenant.toneAgentId());
        CarrierCall call = stack.carrier().dial(number);
        String name = "e2e-agent-tone-" + UUID.randomUUID();
        try {
            call.awaitAnswered(ANSWER);
            call.startRecording(name);
            Thread.sleep(2500); // the recording's length: real time is the point
            Path file = call.stopRecording(name);
            Wav wav = Wav.read(file);

            assertThat(wav.seconds()).as("recorded seconds").isGreaterThan(1.5);
            short[] samples = ToneAnalysis.samples(AgentCalls.last(wav.pcmLe(), wav.sampleRate(), 1.0));
            assertThat(ToneAnalysis.rmsDbfs(samples)).as("level at the carrier, dBFS").isGreaterThan(-40);
            assertThat(ToneAnalysis.dominantFrequency(samples, wav.sampleRate(), CANDIDATES))
                    .isEqualTo(E2eStack.AGENT_TONE_HZ);
        } finally {
            call.hangup();
        }
    }

    @Test
    void dtmfFromTheCarrierArrivesAtTheAgentInOrder() {
        ReferenceAgent agent = stack.echoAgent();
        String number = tenant.newNumber(tenant.echoAgentId());
        int mark = AgentCalls.mark(agent);
        CarrierCall call = stack.carrier().dial(number);
        try {
            call.awaitAnswered(ANSWER);
            RecordedCall received = AgentCalls.awaitNew(agent, mark, ANSWER);
            call.sendDtmf("1234#");
            await("DTMF at the agent").atMost(Duration.ofSeconds(10)).until(() -> received.dtmf().length() >= 5);
            assertThat(received.dtmf()).isEqualTo("1234#");
        } finally {
            call.hangup();
        }
    }

    @Test
    void agentsHangupMakesTheCarrierSeeBye() {
        ReferenceAgent agent = stack.echoAgent();
        String number = tenant.newNumber(tenant.echoAgentId());
        int mark = AgentCalls.mark(agent);
        CarrierCall call = stack.carrier().dial(number);
        try {
            call.awaitAnswered(ANSWER);
            RecordedCall received = AgentCalls.awaitNew(agent, mark, ANSWER);
            assertThat(call.hangupSoFar()).isEmpty();

            assertThat(agent.hangup(received.callId())).isTrue();
            CarrierCall.Hangup hangup = call.awaitHangup(Duration.ofSeconds(5));
            assertThat(hangup.cause()).as("Q.850 cause of the BYE").isEqualTo(16);
        } finally {
            call.hangup();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void callRecordIsCompleteAfterTheCallerHangsUp() {
        ReferenceAgent agent = stack.echoAgent();
        String number = tenant.newNumber(tenant.echoAgentId());
        Instant before = Instant.now();
        RecordedCall received = AgentCalls.toneCall(stack.carrier(), agent, number, ANSWER, c -> {});
        String callId = received.callId();
        assertThat(callId).as("callId of the agent's start message").isNotBlank();

        Api api = stack.api();
        await("call record completed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> "completed".equals(api.call(tenant.apiKey(), callId).get("status")));
        Map<String, Object> record = api.call(tenant.apiKey(), callId);
        assertThat(api.calls(tenant.apiKey(), number)).extracting(c -> c.get("id")).containsExactly(callId);

        assertThat(record)
                .containsEntry("id", callId)
                .containsEntry("trunkId", tenant.trunkId())
                .containsEntry("agentId", tenant.echoAgentId())
                .containsEntry("direction", "inbound")
                .containsEntry("to", number)
                .containsEntry("status", "completed")
                .containsEntry("codec", "ulaw");
        assertThat(record.get("tenantId")).isNotNull();
        if (tenant.tenantId() != null) {
            assertThat(record).containsEntry("tenantId", tenant.tenantId());
        }
        assertThat(record.get("numberId")).isNotNull();
        assertThat((String) record.get("from")).contains(Carrier.CALLER.substring(1));
        assertThat((String) record.get("sipCallId")).isNotBlank();
        assertThat(record).containsEntry("cause", "caller_hangup");
        assertThat((String) record.get("traceId")).matches("[0-9a-f]{32}");
        Instant started = Instant.parse((String) record.get("startedAt"));
        Instant answered = Instant.parse((String) record.get("answeredAt"));
        Instant ended = Instant.parse((String) record.get("endedAt"));
        assertThat(started).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(answered).isAfterOrEqualTo(started);
        assertThat(ended).isAfterOrEqualTo(answered);
        Map<String, Object> media = (Map<String, Object>) record.get("media");
        assertThat(((Number) media.get("framesIn")).longValue()).isPositive();
        assertThat(((Number) media.get("framesOut")).longValue()).isPositive();
    }
}
