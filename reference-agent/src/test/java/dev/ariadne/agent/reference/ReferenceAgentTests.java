package dev.ariadne.agent.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReferenceAgentTests {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String START = """
            {"type":"start","callId":"%s","tenantId":"t1","direction":"inbound","from":"+15550001","to":"+15550002",
             "mediaFormat":{"encoding":"audio/l16","sampleRate":16000,"channels":1,"endianness":"little"}}""";

    private ReferenceAgent agent;
    private WsTestClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void echoModeSendsAudioBackInOrderAndRecordsTheCall() throws Exception {
        agent = ReferenceAgent.start(ReferenceAgentConfig.defaults());
        client = new WsTestClient(agent.url(), null, "c-echo");
        client.send(START.formatted("c-echo"));
        SineWave sine = new SineWave(1000, 16000, 0.5);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int i = 0; i < 25; i++) {
            byte[] frame = sine.next(320);
            sent.write(frame);
            client.send(frame);
        }
        ByteArrayOutputStream echoed = new ByteArrayOutputStream();
        while (echoed.size() < sent.size()) {
            Object item = client.poll(WAIT);
            assertThat(item).isInstanceOf(byte[].class);
            echoed.write((byte[]) item);
        }
        assertThat(echoed.toByteArray()).isEqualTo(sent.toByteArray());
        client.send("{\"type\":\"dtmf\",\"digit\":\"4\"}");
        client.send("{\"type\":\"dtmf\",\"digit\":\"2\"}");
        client.send("{\"type\":\"stop\",\"reason\":\"hangup\",\"cause\":\"16\"}");
        await(() -> agent.call("c-echo").map(c -> c.stop() != null).orElse(false));

        RecordedCall call = agent.call("c-echo").orElseThrow();
        assertThat(call.profile()).isEqualTo("ariadne.v1");
        assertThat(call.start()).containsEntry("tenantId", "t1").containsEntry("from", "+15550001");
        assertThat(call.headers()).containsEntry("x-ariadne-call-id", "c-echo");
        assertThat(call.audio()).isEqualTo(sent.toByteArray());
        assertThat(call.dtmf()).isEqualTo("42");
        assertThat(call.stop()).containsEntry("reason", "hangup");
    }

    @Test
    void toneModeSendsTheConfiguredFrequencyIn20msFrames() throws Exception {
        agent = ReferenceAgent.start(ReferenceAgentConfig.defaults().withTone(1000, 0.5));
        client = new WsTestClient(agent.url(), null, "c-tone");
        client.send(START.formatted("c-tone"));
        ByteArrayOutputStream heard = new ByteArrayOutputStream();
        for (int i = 0; i < 10; i++) {
            byte[] frame = (byte[]) client.poll(WAIT);
            assertThat(frame).hasSize(640);
            heard.write(frame);
        }
        short[] samples = ToneAnalysis.samples(heard.toByteArray());
        assertThat(ToneAnalysis.dominantFrequency(samples, 16000, 440, 1000, 1400, 2000)).isEqualTo(1000);
        assertThat(ToneAnalysis.rms(samples)).isBetween(0.3, 0.4);
    }

    @Test
    void scriptedStepsSendMarkTransferAndHangupAndRecordEchoedMarks() throws Exception {
        agent = ReferenceAgent.start(ReferenceAgentConfig.defaults()
                .withMode(ReferenceAgentConfig.Mode.SCRIPTED)
                .withSteps(Step.parse("after:50:mark:greeting,on-dtmf:5:transfer:+15559999,after:400:hangup:bye")));
        client = new WsTestClient(agent.url(), null, "c-script");
        client.send(START.formatted("c-script"));
        assertThat(client.nextText(WAIT)).contains("\"type\":\"mark\"").contains("greeting");
        client.send("{\"type\":\"mark\",\"name\":\"greeting\"}");
        client.send("{\"type\":\"dtmf\",\"digit\":\"5\"}");
        assertThat(client.nextText(WAIT)).contains("\"type\":\"transfer\"").contains("+15559999");
        assertThat(client.nextText(WAIT)).contains("\"type\":\"hangup\"").contains("bye");
        assertThat(agent.call("c-script").orElseThrow().marksEchoed()).containsExactly("greeting");
    }

    @Test
    void hangupAndDisconnectCanBeRequestedAtRuntime() throws Exception {
        agent = ReferenceAgent.start(ReferenceAgentConfig.defaults());
        client = new WsTestClient(agent.url(), null, "c-rt");
        client.send(START.formatted("c-rt"));
        await(() -> agent.call("c-rt").map(c -> c.start() != null).orElse(false));
        assertThat(agent.hangup("c-rt")).isTrue();
        assertThat(client.nextText(WAIT)).contains("\"type\":\"hangup\"");
        assertThat(agent.disconnect("c-rt", 4000, "go away")).isTrue();
        assertThat(client.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(4000);
        await(() -> agent.call("c-rt").orElseThrow().closed());
        assertThat(agent.hangup("no-such-call")).isFalse();
    }

    @Test
    void requiresTheBearerTokenWhenConfigured() throws Exception {
        agent = ReferenceAgent.start(ReferenceAgentConfig.defaults().withToken("s3cret"));
        WsTestClient wrong = new WsTestClient(agent.url(), "nope", "c-bad");
        assertThatThrownBy(() -> wrong.connected.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("401");
        wrong.close();
        client = new WsTestClient(agent.url(), "s3cret", "c-good");
        client.connected.get(5, TimeUnit.SECONDS);
        assertThat(agent.calls()).extracting(RecordedCall::callId).containsExactly("c-good");
    }

    @Test
    void speaksTwilioMediaStreamsWhenTheFirstMessageIsAnEvent() throws Exception {
        agent = ReferenceAgent.start(ReferenceAgentConfig.defaults());
        client = new WsTestClient(agent.url(), null, "c-tw");
        client.send("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
        client.send("{\"event\":\"start\",\"streamSid\":\"MZ1\",\"start\":{\"callSid\":\"CA1\",\"streamSid\":\"MZ1\"}}");
        byte[] ulaw = MuLaw.fromPcm(new SineWave(440, 8000, 0.3).next(160));
        String payload = Base64.getEncoder().encodeToString(ulaw);
        client.send("{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"" + payload + "\"}}");
        String echoed = client.nextText(WAIT);
        assertThat(echoed).contains("\"event\":\"media\"").contains(payload).contains("MZ1");
        RecordedCall call = agent.call("CA1").orElseThrow();
        assertThat(call.profile()).isEqualTo("twilio");
        assertThat(call.sampleRate()).isEqualTo(8000);
        assertThat(call.audio()).hasSize(320);
        assertThat(call.messages()).extracting(m -> m.get("event")).isEqualTo(List.of("connected", "start"));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", WAIT).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
