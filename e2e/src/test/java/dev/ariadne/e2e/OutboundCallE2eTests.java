package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.RecordedCall;
import dev.ariadne.agent.reference.ReferenceAgent;
import dev.ariadne.agent.reference.ReferenceAgentConfig;
import dev.ariadne.agent.reference.ToneAnalysis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outbound calls placed through the REST API and carried by real SIP peers: the carrier Asterisk (answers, rings,
 * busy, by number; see its carrier-inbound dialplan) and sipp as carriers that fail (503) or never answer an
 * INVITE.
 */
@E2eTest
class OutboundCallE2eTests {
    private static final Duration ANSWER = Duration.ofSeconds(15);
    private static final double[] CANDIDATES = {300, 440, 1000, 1500};
    private final E2eStack stack;
    private ReferenceAgent tone;
    private SippPeer failing;
    private SippPeer silent;

    OutboundCallE2eTests(E2eStack stack) {
        this.stack = stack;
    }

    @BeforeAll
    void setUp() throws Exception {
        tone = ReferenceAgent.start(ReferenceAgentConfig.defaults().withTone(1000, 0.5));
        failing = SippPeer.start("uas-503.xml");
        silent = SippPeer.start("uas-silent.xml");
    }

    @AfterAll
    void tearDown() {
        tone.close();
        failing.close();
        silent.close();
    }

    /** A tenant with the given trunks (carrier ones unless a port is given), the tone agent and one number. */
    private record Tenant(String key, List<String> trunkIds, String agentId, String number) {}

    private Tenant tenant(String name, Map<String, Object>... trunks) {
        return tenantOfTier(name, "pro", trunks);
    }

    private Tenant tenantOfTier(String name, String tier, Map<String, Object>... trunks) {
        Api api = stack.api();
        String key = api.tenant(name, tier);
        List<String> ids = new java.util.ArrayList<>();
        for (Map<String, Object> t : trunks) {
            String id = (String) api.trunk(key, t).get("id");
            api.awaitApplied(key, id);
            ids.add(id);
        }
        String agent = api.agent(key, "tone", tone.url());
        String number = Api.randomE164();
        api.number(key, number, ids.getFirst(), agent);
        return new Tenant(key, ids, agent, number);
    }

    private Map<String, Object> carrierTrunk(String name, int priority) {
        Map<String, Object> t = Api.carrierTrunk(name, stack.carrierSipPort(), List.of("192.0.2.201"));
        t.put("priority", priority);
        return t;
    }

    private static Map<String, Object> call(Tenant t, String to) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("to", to);
        body.put("from", t.number());
        return body;
    }

    /** +1 999 <code> <4 random digits>: a callee behaviour of the carrier's dialplan. */
    private static String callee(String code) {
        return "+1999" + code + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> attempts(Map<String, Object> record) {
        return (List<Map<String, Object>>) record.get("attempts");
    }

    private static boolean ended(Map<String, Object> record) {
        return record.get("endedAt") != null;
    }

    @Test
    void anOutboundCallThroughTheCarrierCarriesAudioBothWaysAndEndsWhenTheCarrierHangsUp() throws Exception {
        Tenant t = tenant("out-audio", carrierTrunk("carrier", 10));
        Api api = stack.api();
        String to = Api.randomE164();
        int mark = AgentCalls.mark(tone);
        Map<String, Object> placed = api.placeCall(t.key(), Map.of("to", to, "from", t.number(),
                "customParameters", Map.of("campaign", "e2e")));
        assertThat(placed).containsEntry("direction", "outbound").containsEntry("from", t.number()).containsEntry("to", to);
        assertThat((String) placed.get("status")).isIn("dialing", "ringing", "answered");
        String id = (String) placed.get("id");

        CarrierCall callee = stack.carrier().awaitInbound(to, ANSWER);
        assertThat(callee.callerNumber()).as("caller id (From) at the carrier").isEqualTo(t.number());
        assertThat(callee.header("P-Asserted-Identity")).contains(t.number());
        String name = "e2e-outbound-" + UUID.randomUUID();
        try {
            RecordedCall received = AgentCalls.awaitNew(tone, mark, ANSWER);
            assertThat(received.start()).containsEntry("direction", "outbound").containsEntry("from", t.number())
                    .containsEntry("to", to).containsEntry("trunk", "carrier")
                    .containsEntry("customParameters", Map.of("campaign", "e2e"));
            // The callee speaks (440 Hz) and the agent hears it; then the callee listens to the agent's 1 kHz.
            String playback = callee.play("tone:440");
            AgentCalls.awaitAudio(received, 2.0, Duration.ofSeconds(10));
            callee.stopPlayback(playback);
            callee.sendDtmf("42#");
            await("DTMF at the agent").atMost(Duration.ofSeconds(10)).until(() -> received.dtmf().length() >= 3);
            assertThat(received.dtmf()).isEqualTo("42#");
            short[] atAgent = ToneAnalysis.samples(AgentCalls.last(received.audio(), 16000, 1.0));
            assertThat(ToneAnalysis.dominantFrequency(atAgent, 16000, CANDIDATES)).as("what the agent hears").isEqualTo(440);
            callee.startRecording(name);
            Thread.sleep(2000);
            Path file = callee.stopRecording(name);
            Wav wav = Wav.read(file);
            short[] atCallee = ToneAnalysis.samples(AgentCalls.last(wav.pcmLe(), wav.sampleRate(), 1.0));
            assertThat(ToneAnalysis.rmsDbfs(atCallee)).as("level at the callee, dBFS").isGreaterThan(-40);
            assertThat(ToneAnalysis.dominantFrequency(atCallee, wav.sampleRate(), CANDIDATES)).as("what the callee hears")
                    .isEqualTo(1000);
        } finally {
            callee.hangup();
        }
        Map<String, Object> record = api.awaitCall(t.key(), id, OutboundCallE2eTests::ended, Duration.ofSeconds(10));
        assertThat(record).containsEntry("status", "completed").containsEntry("cause", "callee_hangup")
                .containsEntry("trunkId", t.trunkIds().getFirst()).containsEntry("agentId", t.agentId())
                .containsEntry("codec", "ulaw");
        assertThat(record.get("answeredAt")).isNotNull();
        assertThat((String) record.get("sipCallId")).isNotBlank();
        assertThat((Integer) record.get("firstAudioMs")).isNotNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> media = (Map<String, Object>) record.get("media");
        // The callee sent audio only while it played the tone: until the agent had 2 s (100 frames) of it.
        assertThat(((Number) media.get("framesIn")).longValue()).isGreaterThanOrEqualTo(100);
        assertThat(((Number) media.get("framesOut")).longValue()).isGreaterThan(100);
        assertThat(attempts(record)).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("attempt", 1).containsEntry("trunkId", t.trunkIds().getFirst())
                .containsEntry("outcome", "answered").containsEntry("failedOver", false));
    }

    @Test
    void aFailingCarrierIsFailedOverToTheNextTrunkAndTheRecordShowsBothAttempts() throws Exception {
        Tenant t = tenant("out-failover", Api.peerTrunk("failing", failing.port(), 1, 10), carrierTrunk("carrier", 2));
        Api api = stack.api();
        String to = Api.randomE164();
        long before = failing.invites();
        String id = (String) api.placeCall(t.key(), call(t, to)).get("id");
        CarrierCall callee = stack.carrier().awaitInbound(to, ANSWER);
        Map<String, Object> up = api.awaitCall(t.key(), id, r -> "answered".equals(r.get("status")), ANSWER);
        callee.hangup();
        Map<String, Object> record = api.awaitCall(t.key(), id, OutboundCallE2eTests::ended, Duration.ofSeconds(10));
        assertThat(failing.invites() - before).as("INVITEs at the failing carrier").isEqualTo(1);
        assertThat(record).containsEntry("status", "completed").containsEntry("trunkId", t.trunkIds().get(1));
        assertThat(attempts(record)).hasSize(2);
        assertThat(attempts(record).get(0)).containsEntry("trunkId", t.trunkIds().get(0)).containsEntry("sipStatus", 503)
                .containsEntry("outcome", "carrier_error").containsEntry("failedOver", true);
        assertThat(attempts(record).get(1)).containsEntry("trunkId", t.trunkIds().get(1))
                .containsEntry("outcome", "answered").containsEntry("failedOver", false);
        assertThat(up.get("answeredAt")).isNotNull();
    }

    @Test
    void aCarrierThatNeverRespondsIsFailedOverAfterTheProgressTimeout() throws Exception {
        Tenant t = tenant("out-silent", Api.peerTrunk("silent", silent.port(), 1, 10), carrierTrunk("carrier", 2));
        Api api = stack.api();
        String to = Api.randomE164();
        String id = (String) api.placeCall(t.key(), call(t, to)).get("id");
        CarrierCall callee = stack.carrier().awaitInbound(to, ANSWER);
        callee.hangup();
        Map<String, Object> record = api.awaitCall(t.key(), id, OutboundCallE2eTests::ended, Duration.ofSeconds(10));
        assertThat(attempts(record)).hasSize(2);
        assertThat(attempts(record).get(0)).containsEntry("outcome", "no_response").containsEntry("failedOver", true);
        assertThat(attempts(record).get(1)).containsEntry("outcome", "answered");
    }

    @Test
    void aBusyCalleeEndsTheCallWithoutTryingAnotherTrunk() {
        Tenant t = tenant("out-busy", carrierTrunk("carrier", 1), carrierTrunk("carrier-2", 2));
        Api api = stack.api();
        String id = (String) api.placeCall(t.key(), call(t, callee("486"))).get("id");
        Map<String, Object> record = api.awaitCall(t.key(), id, OutboundCallE2eTests::ended, ANSWER);
        assertThat(record).containsEntry("status", "failed").containsEntry("cause", "busy").containsEntry("causeCode", 17);
        assertThat(attempts(record)).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("sipStatus", 486).containsEntry("outcome", "busy").containsEntry("failedOver", false));
    }

    @Test
    void aCalleeThatRingsAndNeverAnswersEndsAsNoAnswerAfterTheRingTimeout() {
        Tenant t = tenant("out-noanswer", carrierTrunk("carrier", 1), carrierTrunk("carrier-2", 2));
        Api api = stack.api();
        String to = callee("180");
        Map<String, Object> body = call(t, to);
        body.put("ringTimeoutSeconds", 5);
        long t0 = System.nanoTime();
        String id = (String) api.placeCall(t.key(), body).get("id");
        api.awaitCall(t.key(), id, r -> "ringing".equals(r.get("status")), ANSWER);
        assertThat(stack.carrier().channelsTo(to)).as("the carrier's ringing channel").hasSize(1);
        Map<String, Object> record = api.awaitCall(t.key(), id, OutboundCallE2eTests::ended, Duration.ofSeconds(20));
        Duration rang = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(record).containsEntry("status", "failed").containsEntry("cause", "no_answer");
        assertThat(rang).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(attempts(record)).singleElement().satisfies(a -> assertThat(a).containsEntry("outcome", "no_answer")
                .containsEntry("failedOver", false));
        await("CANCEL at the carrier").atMost(Duration.ofSeconds(5)).until(() -> stack.carrier().channelsTo(to).isEmpty());
    }

    @Test
    void hangingUpARingingCallThroughTheApiCancelsIt() {
        Tenant t = tenant("out-cancel", carrierTrunk("carrier", 1));
        Api api = stack.api();
        String to = callee("180");
        String id = (String) api.placeCall(t.key(), call(t, to)).get("id");
        api.awaitCall(t.key(), id, r -> "ringing".equals(r.get("status")), ANSWER);
        assertThat(api.activeCallIds(t.key())).contains(id);
        assertThat(api.hangupCall(t.key(), id)).isEqualTo(200);
        Map<String, Object> record = api.awaitCall(t.key(), id, OutboundCallE2eTests::ended, Duration.ofSeconds(10));
        assertThat(record).containsEntry("status", "canceled").containsEntry("cause", "canceled");
        assertThat(attempts(record)).singleElement().satisfies(a -> assertThat(a).containsEntry("outcome", "canceled"));
        await("CANCEL at the carrier").atMost(Duration.ofSeconds(5)).until(() -> stack.carrier().channelsTo(to).isEmpty());
    }

    @Test
    void aTrunkAtItsLimitGetsAProblemAndNothingIsDialled() {
        Map<String, Object> one = carrierTrunk("carrier", 1);
        one.put("maxConcurrentCalls", 1);
        Tenant t = tenant("out-limit", one);
        Api api = stack.api();
        String ringing = callee("180");
        String first = (String) api.placeCall(t.key(), call(t, ringing)).get("id");
        api.awaitCall(t.key(), first, r -> "ringing".equals(r.get("status")), ANSWER);
        String second = Api.randomE164();
        Api.Response refused = api.placeCall(t.key(), call(t, second), null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).containsEntry("type", "https://ariadne.dev/problems/limit-exceeded");
        assertThat((String) refused.body().get("detail")).contains("trunk 'carrier' is at its limit of 1 concurrent calls");
        assertThat(stack.carrier().channelsTo(second)).isEmpty();
        assertThat(api.hangupCall(t.key(), first)).isEqualTo(200);
    }

    @Test
    void aTenantAtItsTiersConcurrentCallLimitGetsAProblemAndNothingIsDialled() {
        Tenant t = tenantOfTier("out-tier", "free", carrierTrunk("carrier", 1)); // free: 2 concurrent calls
        Api api = stack.api();
        List<String> up = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String id = (String) api.placeCall(t.key(), call(t, callee("180"))).get("id");
            api.awaitCall(t.key(), id, r -> "ringing".equals(r.get("status")), ANSWER);
            up.add(id);
        }
        String third = Api.randomE164();
        Api.Response refused = api.placeCall(t.key(), call(t, third), null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat((String) refused.body().get("detail")).contains("tier free allows 2 concurrent calls");
        assertThat(stack.carrier().channelsTo(third)).isEmpty();
        up.forEach(id -> assertThat(api.hangupCall(t.key(), id)).isEqualTo(200));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheSameCallAndDialsNothingNew() {
        Tenant t = tenant("out-idempotent", carrierTrunk("carrier", 1));
        Api api = stack.api();
        String to = callee("180");
        String key = "retry-" + UUID.randomUUID();
        Api.Response first = api.placeCall(t.key(), call(t, to), key);
        Api.Response again = api.placeCall(t.key(), call(t, to), key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().get("id")).isEqualTo(first.body().get("id"));
        assertThat(again.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.headers().getLocation()).hasToString("/api/v1/calls/" + first.body().get("id"));
        Api.Response different = api.placeCall(t.key(), call(t, callee("180")), key);
        assertThat(different.status()).isEqualTo(409);
        String id = (String) first.body().get("id");
        api.awaitCall(t.key(), id, r -> "ringing".equals(r.get("status")), ANSWER);
        assertThat(stack.carrier().channelsTo(to)).as("one call at the carrier").hasSize(1);
        assertThat(api.hangupCall(t.key(), id)).isEqualTo(200);
    }

    @Test
    void anUnreachableAgentEndsTheCallBeforeAnyoneIsRung() throws Exception {
        Tenant t = tenant("out-noagent", carrierTrunk("carrier", 1));
        Api api = stack.api();
        int closed;
        try (var s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String deadAgent = api.agent(t.key(), "dead", "ws://127.0.0.1:" + closed + "/agent");
        String to = Api.randomE164();
        Map<String, Object> body = call(t, to);
        body.put("agentId", deadAgent);
        String id = (String) api.placeCall(t.key(), body).get("id");
        Map<String, Object> record = api.awaitCall(t.key(), id, OutboundCallE2eTests::ended, ANSWER);
        assertThat(record).containsEntry("status", "failed").containsEntry("cause", "agent_unreachable");
        assertThat(attempts(record)).isEmpty();
        assertThat(stack.carrier().channelsTo(to)).isEmpty();
    }
}
