package dev.ariadne.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.RecordedCall;
import dev.ariadne.agent.reference.ReferenceAgent;
import dev.ariadne.agent.reference.ReferenceAgentConfig;
import dev.ariadne.agent.reference.SineWave;
import dev.ariadne.agent.reference.Step;
import dev.ariadne.agent.reference.ToneAnalysis;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class TwilioProfileTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final WebSocketAgentConnector connector = new WebSocketAgentConnector(AgentProperties.defaults(), RecordingSink.LOOPS);
    private ReferenceAgent agent;
    private AgentSession session;

    @AfterEach
    void tearDown() {
        if (session != null) {
            StepVerifier.create(session.close()).expectComplete().verify(WAIT);
        }
        agent.close();
    }

    @Test
    void sendsConnectedAndStartInTwilioShapeWithoutSubprotocol() {
        agent = ReferenceAgent.start(ReferenceAgentConfig.defaults());
        session = connect();
        RecordedCall call = awaitStart();
        assertThat(call.profile()).isEqualTo("twilio");
        assertThat(call.headers()).doesNotContainKey("sec-websocket-protocol").containsEntry("x-ariadne-call-id", "tw-1");
        List<Map<String, Object>> messages = call.messages();
        assertThat(messages.get(0)).containsEntry("event", "connected");
        Map<String, Object> startEvent = messages.get(1);
        assertThat(startEvent).containsEntry("event", "start").containsKey("streamSid");
        @SuppressWarnings("unchecked")
        Map<String, Object> start = (Map<String, Object>) startEvent.get("start");
        assertThat(start)
                .containsEntry("callSid", "tw-1")
                .containsEntry("accountSid", "tenant-1")
                .containsEntry("streamSid", startEvent.get("streamSid"))
                .containsEntry("tracks", List.of("inbound"))
                .containsEntry("mediaFormat", Map.of("encoding", "audio/x-mulaw", "sampleRate", 8000, "channels", 1));
        @SuppressWarnings("unchecked")
        Map<String, Object> custom = (Map<String, Object>) start.get("customParameters");
        assertThat(custom)
                .containsEntry("lang", "en")
                .containsEntry("from", "+15550001");
    }

    @Test
    void aToneSurvivesTheMuLawRoundTripThroughAnEchoAgent() {
        agent = ReferenceAgent.start(ReferenceAgentConfig.defaults());
        session = connect();
        RecordedCall call = awaitStart();
        SineWave sine = new SineWave(440, 16000, 0.3);
        int frames = 50;
        for (int i = 0; i < frames; i++) {
            session.sendAudio(Unpooled.wrappedBuffer(sine.next(320)));
        }
        ByteArrayOutputStream echoed = new ByteArrayOutputStream();
        StepVerifier.create(RecordingSink.on(session).items().ofType(AgentEvent.Audio.class))
                .thenConsumeWhile(audio -> {
                    echoed.writeBytes(audio.pcmLe());
                    return echoed.size() < frames * 640;
                })
                .thenCancel()
                .verify(WAIT);
        double sentDbfs = 20 * Math.log10(0.3 / Math.sqrt(2));

        // What the agent heard: mu-law 8 kHz, decoded by the agent itself.
        short[] heard = Arrays.copyOfRange(ToneAnalysis.samples(call.audio()), 200, frames * 160);
        assertThat(call.audioBytesReceived()).isEqualTo(frames * 320L);
        assertThat(ToneAnalysis.dominantFrequency(heard, 8000, 300, 440, 1000, 2000, 3000)).isEqualTo(440);
        assertThat(ToneAnalysis.rmsDbfs(heard)).isCloseTo(sentDbfs, within(1.0));

        // What came back: slin16 again.
        short[] back = Arrays.copyOfRange(ToneAnalysis.samples(echoed.toByteArray()), 640, frames * 320);
        assertThat(ToneAnalysis.dominantFrequency(back, 16000, 300, 440, 1000, 2000, 3000, 7560)).isEqualTo(440);
        assertThat(ToneAnalysis.purity(back, 16000, 440)).isGreaterThan(0.95);
        assertThat(ToneAnalysis.rmsDbfs(back)).isCloseTo(sentDbfs, within(1.0));
    }

    @Test
    void marksClearAndDtmfUseTwilioEvents() {
        agent = ReferenceAgent.start(ReferenceAgentConfig.defaults()
                .withMode(ReferenceAgentConfig.Mode.SCRIPTED)
                .withSteps(Step.parse("on-dtmf:7:mark:m1,on-dtmf:7:clear,on-dtmf:7:transfer:+15559999")));
        session = connect();
        RecordedCall call = awaitStart();
        RecordingSink sink = RecordingSink.on(session);
        session.sendDtmf("7");
        StepVerifier.create(sink.items())
                .expectNext(new AgentEvent.Mark("m1"))
                .expectNext(new AgentEvent.Clear())
                .then(() -> session.sendMarkPlayed("m1"))
                .thenCancel()
                .verify(WAIT);
        await().atMost(WAIT).until(() -> call.marksEchoed().contains("m1"));
        assertThat(call.dtmf()).isEqualTo("7");
        StepVerifier.create(session.stop("caller hung up", "16")).expectComplete().verify(WAIT);
        await().atMost(WAIT).until(() -> call.stop() != null);
        assertThat(call.stop()).containsEntry("event", "stop");
        session = null;
    }

    private AgentSession connect() {
        AgentSession[] opened = new AgentSession[1];
        StepVerifier.create(connector.connect(
                        AgentConnectorTests.spec("tw-1", agent.url(), null, AgentSessionSpec.TWILIO)))
                .consumeNextWith(s -> opened[0] = s)
                .expectComplete()
                .verify(WAIT);
        return opened[0];
    }

    private RecordedCall awaitStart() {
        await().atMost(WAIT).until(() -> agent.call("tw-1").map(c -> c.start() != null).orElse(false));
        return agent.call("tw-1").orElseThrow();
    }
}
