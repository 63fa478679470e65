package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.RecordedCall;
import dev.ariadne.agent.reference.ReferenceAgent;
import dev.ariadne.agent.reference.ToneAnalysis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Trunks with {@code transport: tls} and SRTP, between Ariadne's and the carrier's Asterisk, each verifying the
 * other's certificate (the stack's CA, {@link TlsFiles}). Audio is checked by content both ways (the carrier plays
 * 440 Hz, the agent sends 1 kHz), and a capture on loopback shows what a wire observer sees: TLS records and no
 * SIP text on the TLS port, and RTP whose payloads do not decode to either tone. A plain call, captured the same
 * way, shows that the capture check does see cleartext SIP and the tones.
 */
@E2eTest
class TlsSrtpE2eTests {
    private static final Duration ANSWER = Duration.ofSeconds(15);
    private static final double[] CANDIDATES = {300, 440, 1000, 1500};
    private final E2eStack stack;
    private ReferenceAgent agent;
    private String key;
    private String agentId;
    private String sdesTrunkId;
    private String dtlsTrunkId;

    TlsSrtpE2eTests(E2eStack stack) {
        this.stack = stack;
    }

    @BeforeAll
    void tenant() {
        Api api = stack.api();
        agent = stack.toneAgent();
        key = api.tenant("tls-tenant");
        sdesTrunkId = (String) api.trunk(key, tlsTrunk("tls-sdes", "sdes")).get("id");
        dtlsTrunkId = (String) api.trunk(key, tlsTrunk("tls-dtls", "dtls")).get("id");
        api.awaitApplied(key, sdesTrunkId);
        api.awaitApplied(key, dtlsTrunkId);
        agentId = api.agent(key, "tone", agent.url());
    }

    /**
     * The carrier over TLS: its address is the allowed IP, and its TLS port the trunk's; From user ariadne-tls is
     * what the carrier identifies Ariadne's TLS calls by ({@code ariadne-tls} endpoint, SDES required), and
     * ariadne-dtls its DTLS one.
     */
    private Map<String, Object> tlsTrunk(String name, String encryption) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        // Outbound calls take the SDES trunk: the tenant's only trunk that may place them.
        t.put("direction", encryption.equals("sdes") ? "both" : "inbound");
        t.put("host", "127.0.0.1");
        t.put("port", stack.carrierTlsPort());
        t.put("transport", "tls");
        t.put("mediaEncryption", encryption);
        t.put("allowedIps", List.of("127.0.0.1"));
        t.put("codecs", List.of("ulaw"));
        t.put("fromUser", encryption.equals("sdes") ? "ariadne-tls" : "ariadne-dtls");
        return t;
    }

    private LoopbackCapture capture(String name) throws Exception {
        int[] a = stack.ariadneRtpRange();
        int[] c = stack.carrierRtpRange();
        String filter = String.format("tcp port %d or tcp port %d or port %d or udp portrange %d-%d or udp portrange %d-%d",
                stack.ariadneTlsPort(), stack.carrierTlsPort(), stack.ariadneSipPort(), a[0], a[1], c[0], c[1]);
        return LoopbackCapture.start(Path.of("target/e2e-logs/" + name + "-" + UUID.randomUUID() + ".pcap"), filter);
    }

    /** The carrier plays 440 Hz (the agent must hear it) and records what it hears (the agent's 1 kHz). */
    private void audioBothWays(CarrierCall call, int mark) throws Exception {
        String playback = call.play("tone:440");
        RecordedCall received = AgentCalls.awaitNew(agent, mark, ANSWER);
        AgentCalls.awaitAudio(received, 2.0, Duration.ofSeconds(10));
        short[] atAgent = ToneAnalysis.samples(AgentCalls.last(received.audio(), 16000, 1.0));
        assertThat(ToneAnalysis.rmsDbfs(atAgent)).as("level at the agent, dBFS").isGreaterThan(-40);
        assertThat(ToneAnalysis.dominantFrequency(atAgent, 16000, CANDIDATES)).as("what the agent hears").isEqualTo(440);
        call.stopPlayback(playback); // a recording would wait for the playback to end
        String name = "e2e-tls-" + UUID.randomUUID();
        call.startRecording(name);
        Thread.sleep(2000); // the recording's length: real time is the point
        Wav wav = Wav.read(call.stopRecording(name));
        short[] atCarrier = ToneAnalysis.samples(AgentCalls.last(wav.pcmLe(), wav.sampleRate(), 1.0));
        assertThat(ToneAnalysis.rmsDbfs(atCarrier)).as("level at the carrier, dBFS").isGreaterThan(-40);
        assertThat(ToneAnalysis.dominantFrequency(atCarrier, wav.sampleRate(), CANDIDATES)).as("what the carrier hears")
                .isEqualTo(E2eStack.AGENT_TONE_HZ);
    }

    /** What the wire showed of an encrypted call whose SIP went over {@code tlsPort}. */
    private void assertEncrypted(List<LoopbackCapture.Packet> packets, int tlsPort, String number) {
        String onTls = LoopbackCapture.text(packets, tlsPort);
        assertThat(LoopbackCapture.tlsRecords(packets, tlsPort)).as("TLS records on port " + tlsPort).isPositive();
        assertThat(onTls).as("bytes on the TLS port").isNotEmpty().doesNotContain("INVITE sip:")
                .doesNotContain("SIP/2.0").doesNotContain(number);
        assertThat(LoopbackCapture.text(packets, stack.ariadneSipPort())).as("plain SIP port").doesNotContain(number);
        List<LoopbackCapture.Packet> rtp =
                LoopbackCapture.rtpBetween(packets, stack.ariadneRtpRange(), stack.carrierRtpRange());
        assertThat(rtp).as("RTP packets between the two Asterisks").hasSizeGreaterThan(100);
        int[] a = stack.ariadneRtpRange();
        int[] c = stack.carrierRtpRange();
        assertThat(LoopbackCapture.rtpPacketsWithTone(packets, a, c, 440)).as("RTP packets that decode to 440 Hz")
                .isZero();
        assertThat(LoopbackCapture.rtpPacketsWithTone(packets, a, c, 1000)).as("RTP packets that decode to 1 kHz")
                .isZero();
    }

    private void inbound(String trunkId, String carrierEndpoint) throws Exception {
        String number = Api.randomE164();
        stack.api().number(key, number, trunkId, agentId);
        int mark = AgentCalls.mark(agent);
        List<LoopbackCapture.Packet> packets;
        try (LoopbackCapture capture = capture("tls-inbound")) {
            CarrierCall call = stack.carrier().dial(number, carrierEndpoint);
            try {
                call.awaitAnswered(ANSWER);
                audioBothWays(call, mark);
            } finally {
                call.hangup();
            }
            packets = capture.stop();
        }
        assertEncrypted(packets, stack.ariadneTlsPort(), number);
    }

    @Test
    void theCarrierCallsOverTlsWithSdesSrtpAndTheWireShowsNeitherSipNorTheTones() throws Exception {
        inbound(sdesTrunkId, "to-ariadne-tls");
    }

    @Test
    void theCarrierCallsOverTlsWithDtlsSrtpAndTheWireShowsNeitherSipNorTheTones() throws Exception {
        inbound(dtlsTrunkId, "to-ariadne-dtls");
    }

    @Test
    void anOutboundCallOverATlsTrunkWithSdesCarriesAudioBothWaysEncrypted() throws Exception {
        String from = Api.randomE164();
        stack.api().number(key, from, sdesTrunkId, agentId);
        String to = Api.randomE164();
        int mark = AgentCalls.mark(agent);
        List<LoopbackCapture.Packet> packets;
        Map<String, Object> placed;
        try (LoopbackCapture capture = capture("tls-outbound")) {
            placed = stack.api().placeCall(key, Map.of("to", to, "from", from));
            CarrierCall callee = stack.carrier().awaitInbound(to, ANSWER);
            try {
                audioBothWays(callee, mark);
            } finally {
                callee.hangup();
            }
            packets = capture.stop();
        }
        assertEncrypted(packets, stack.carrierTlsPort(), to);
        Map<String, Object> record = stack.api().awaitCall(key, (String) placed.get("id"),
                r -> r.get("endedAt") != null, Duration.ofSeconds(10));
        assertThat(record).containsEntry("status", "completed").containsEntry("trunkId", sdesTrunkId);
    }

    /**
     * Verification of the carrier's certificate: a TLS peer with a self-signed certificate for 127.0.0.1 gets
     * Ariadne's connection (qualify) but not one byte of SIP, and the trunk is unreachable.
     */
    @Test
    void ariadneSendsNoSipToATlsCarrierWhoseCertificateItsCaDidNotSign() throws Exception {
        try (RogueTlsPeer rogue = RogueTlsPeer.start(Path.of("target/tls-rogue"))) {
            Api api = stack.api();
            String rogueKey = api.tenant("tls-rogue");
            Map<String, Object> t = tlsTrunk("rogue", "sdes");
            t.put("port", rogue.port());
            t.put("direction", "outbound");
            t.remove("allowedIps");
            String id = (String) api.trunk(rogueKey, t).get("id");
            api.awaitApplied(rogueKey, id);
            await("Ariadne's qualify connects to the rogue peer").atMost(Duration.ofSeconds(20))
                    .until(() -> rogue.ended() >= 1);
            assertThat(rogue.connections()).isPositive();
            assertThat(rogue.received()).as("what Ariadne sent over TLS to the rogue peer").doesNotContain("SIP/2.0");
            await("trunk health").atMost(Duration.ofSeconds(20))
                    .until(() -> ((Map<?, ?>) api.get(rogueKey, "/api/v1/trunks/" + id).get("health")).get("status"),
                            "unreachable"::equals);
        }
    }

    /** The control: the same checks on a plain (UDP, RTP) call see the INVITE and both tones. */
    @Test
    void onAPlainCallTheSameCaptureSeesCleartextSipAndTheTones() throws Exception {
        CarrierTenant plain = stack.carrierTenant();
        String number = plain.newNumber(plain.toneAgentId());
        int mark = AgentCalls.mark(agent);
        List<LoopbackCapture.Packet> packets;
        try (LoopbackCapture capture = capture("plain")) {
            CarrierCall call = stack.carrier().dial(number);
            try {
                call.awaitAnswered(ANSWER);
                audioBothWays(call, mark);
            } finally {
                call.hangup();
            }
            packets = capture.stop();
        }
        assertThat(LoopbackCapture.text(packets, stack.ariadneSipPort())).contains("INVITE sip:" + number);
        int[] a = stack.ariadneRtpRange();
        int[] c = stack.carrierRtpRange();
        assertThat(LoopbackCapture.rtpPacketsWithTone(packets, a, c, 440)).as("RTP packets that decode to 440 Hz")
                .isGreaterThan(50);
        assertThat(LoopbackCapture.rtpPacketsWithTone(packets, a, c, 1000)).as("RTP packets that decode to 1 kHz")
                .isGreaterThan(50);
    }
}
