package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.RecordedCall;
import dev.ariadne.agent.reference.ReferenceAgent;
import dev.ariadne.agent.reference.ReferenceAgentConfig;
import dev.ariadne.agent.reference.ToneAnalysis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several tenants bring the same carrier (the carrier Asterisk, calling from 127.0.0.1) with their own numbers, as
 * customers of one wholesale carrier do: every call reaches the tenant that owns the dialled number, on that
 * number's trunk and its media settings, whatever the other tenants configure.
 */
@E2eTest
class SharedCarrierE2eTests {
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final double[] CANDIDATES = {300, 440, 1000, 1500};
    private final E2eStack stack;
    private ReferenceAgent agentA;
    private ReferenceAgent agentB;
    private Tenant a;
    private Tenant b;
    private String thirdKey;

    SharedCarrierE2eTests(E2eStack stack) {
        this.stack = stack;
    }

    /** A tenant with a trunk allowing the carrier's address and one number on it. */
    record Tenant(String key, String tenantId, String trunkId, String trunkName, String numberId, String e164,
            ReferenceAgent agent) {}

    @BeforeAll
    void setUp() {
        // Each tenant's agent plays its own tone, so what the carrier hears says whose agent took the call.
        agentA = ReferenceAgent.start(ReferenceAgentConfig.defaults().withTone(1000, 0.5));
        agentB = ReferenceAgent.start(ReferenceAgentConfig.defaults().withTone(1500, 0.5));
        a = tenant("shared-a", List.of("ulaw"), agentA);
        b = tenant("shared-b", List.of("alaw"), agentB);
        // A third tenant lists the same carrier address, with media settings neither of the others has, and no
        // numbers: if Asterisk picked its endpoint for their calls, they could not connect on their own codecs.
        thirdKey = stack.api().tenant("shared-c");
        Map<String, Object> third = stack.api().trunk(thirdKey, trunkBody("same-carrier", List.of("g722")));
        stack.api().awaitApplied(thirdKey, (String) third.get("id"));
        stack.carrierTenant(); // the carrier tenant's trunk allows 127.0.0.1 too
    }

    @AfterAll
    void tearDown() {
        agentA.close();
        agentB.close();
    }

    private Map<String, Object> trunkBody(String name, List<String> codecs) {
        Map<String, Object> body = Api.carrierTrunk(name, stack.carrierSipPort(), List.of("127.0.0.1"));
        body.put("codecs", codecs);
        return body;
    }

    private Tenant tenant(String name, List<String> codecs, ReferenceAgent agent) {
        Api api = stack.api();
        String key = api.tenant(name);
        String trunkName = name + "-carrier";
        Map<String, Object> trunk = api.trunk(key, trunkBody(trunkName, codecs));
        String trunkId = (String) trunk.get("id");
        String agentId = api.agent(key, name + "-agent", agent.url());
        String e164 = Api.randomE164();
        String numberId = api.number(key, e164, trunkId, agentId);
        String tenantId = (String) api.get(key, "/api/v1/tenant").get("id");
        return new Tenant(key, tenantId, trunkId, trunkName, numberId, e164, agent);
    }

    @Test
    void eachTenantsNumberReachesItsOwnAgentWithAudioBothWaysOnItsOwnTrunksCodec() throws Exception {
        assertCallConnects(a, 1000, "ulaw");
        assertCallConnects(b, 1500, "alaw");
        assertThat(stack.api().activeCallIds(thirdKey)).isEmpty();
        assertThat(stack.api().get(thirdKey, "/api/v1/calls")).containsEntry("total", 0);
    }

    private void assertCallConnects(Tenant t, double agentTone, String codec) throws Exception {
        int mark = AgentCalls.mark(t.agent());
        CarrierCall call = stack.carrier().dial(t.e164());
        String name = "e2e-shared-" + UUID.randomUUID();
        try {
            call.awaitAnswered(ANSWER);
            assertThat(call.nativeFormat()).as("codec the carrier negotiated for " + t.trunkName()).isEqualTo(codec);
            // One direction after the other: a tone playback on the carrier's channel holds back its recordings.
            String playback = call.play("tone:440");
            RecordedCall received = AgentCalls.awaitNew(t.agent(), mark, ANSWER);
            AgentCalls.awaitAudio(received, 2.0, Duration.ofSeconds(10));
            call.stopPlayback(playback);
            call.startRecording(name);
            Thread.sleep(2000); // the recording's length: real time is the point
            Path file = call.stopRecording(name);

            assertThat(received.start()).containsEntry("trunk", t.trunkName()).containsEntry("to", t.e164())
                    .containsEntry("tenantId", t.tenantId());
            short[] atAgent = ToneAnalysis.samples(AgentCalls.last(received.audio(), 16000, 1.0));
            assertThat(ToneAnalysis.rmsDbfs(atAgent)).as("level at the agent, dBFS").isGreaterThan(-40);
            assertThat(ToneAnalysis.dominantFrequency(atAgent, 16000, CANDIDATES)).as("what the agent hears")
                    .isEqualTo(440);
            Wav wav = Wav.read(file);
            short[] atCarrier = ToneAnalysis.samples(AgentCalls.last(wav.pcmLe(), wav.sampleRate(), 1.0));
            assertThat(ToneAnalysis.rmsDbfs(atCarrier)).as("level at the carrier, dBFS").isGreaterThan(-40);
            assertThat(ToneAnalysis.dominantFrequency(atCarrier, wav.sampleRate(), CANDIDATES))
                    .as("what the carrier hears: the agent of " + t.trunkName()).isEqualTo(agentTone);
        } finally {
            call.hangup();
        }
        Map<String, Object> record = awaitEnded(t.key(), t.e164());
        assertThat(record)
                .containsEntry("status", "completed")
                .containsEntry("tenantId", t.tenantId())
                .containsEntry("trunkId", t.trunkId())
                .containsEntry("numberId", t.numberId())
                .containsEntry("codec", codec);
        assertThat((String) record.get("sourceAddress")).startsWith("127.0.0.1:");
        assertThat((String) record.get("sipCallId")).isNotBlank();
    }

    @Test
    void aDisabledTrunksNumberIsRejectedForItsTenantWhileTheOtherTenantsCallsStillConnect() throws Exception {
        Api api = stack.api();
        api.patch(b.key(), "/api/v1/trunks/" + b.trunkId(), Map.of("enabled", false));
        await("trunk disabled in Asterisk").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.provisioningStatus(b.key(), b.trunkId()), "disabled"::equals);
        try {
            CarrierCall call = stack.carrier().dial(b.e164());
            assertThat(call.awaitRejected(ANSWER).cause()).as("Q.850 cause (403: call rejected)").isEqualTo(21);
            Map<String, Object> record = awaitEnded(b.key(), b.e164());
            assertThat(record).containsEntry("status", "rejected").containsEntry("cause", "trunk_disabled")
                    .containsEntry("trunkId", b.trunkId());
            assertThat(api.calls(a.key(), b.e164())).isEmpty();
            assertCallConnects(a, 1000, "ulaw");
        } finally {
            api.patch(b.key(), "/api/v1/trunks/" + b.trunkId(), Map.of("enabled", true));
            api.awaitApplied(b.key(), b.trunkId());
        }
    }

    @Test
    void aTrunkThatRegistersTakesCallsOnItsRegistrationButNotFromAnAddressItDoesNotListWhoeverDialsItsNumber() {
        Api api = stack.api();
        String key = api.tenant("registering");
        // No allowedIps: the registration is the only way in.
        Map<String, Object> body = Api.carrierTrunk("registered", stack.carrierSipPort(), List.of());
        body.put("register", true);
        Map<String, Object> trunk = api.trunk(key, body);
        String trunkId = (String) trunk.get("id");
        ReferenceAgent agent = stack.echoAgent();
        String e164 = Api.randomE164();
        String numberId = api.number(key, e164, trunkId, api.agent(key, "echo", agent.url()));
        try {
            await("registration at the carrier").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> stack.carrier().hasContact(E2eStack.CARRIER_TRUNK_USER));

            int mark = AgentCalls.mark(agent);
            CarrierCall onRegistration = stack.carrier().dialRegistration(e164);
            try {
                onRegistration.awaitAnswered(ANSWER);
                RecordedCall received = AgentCalls.awaitNew(agent, mark, ANSWER);
                assertThat(received.start()).containsEntry("trunk", "registered").containsEntry("to", e164);
            } finally {
                onRegistration.hangup();
            }
            assertThat(awaitEnded(key, e164)).containsEntry("status", "completed").containsEntry("trunkId", trunkId)
                    .containsEntry("numberId", numberId);

            // The same number from the carrier's address, not on the registration: knowing the number is not enough.
            // Asterisk refuses it (the trunk's inbound endpoint admits no address), before any channel or record.
            long before = FloodE2eTests.processedCalls(stack);
            CarrierCall direct = stack.carrier().dial(e164);
            assertThat(direct.awaitRejected(ANSWER).cause()).isEqualTo(21);
            assertThat(FloodE2eTests.processedCalls(stack) - before).as("calls Ariadne's Asterisk processed").isZero();
            assertThat(api.calls(key, e164)).as("records: only the call on the registration").hasSize(1);
        } finally {
            api.delete(key, "/api/v1/numbers/" + numberId);
            api.delete(key, "/api/v1/trunks/" + trunkId);
            await("the registration removed at the carrier").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !stack.carrier().hasContact(E2eStack.CARRIER_TRUNK_USER));
        }
    }

    private Map<String, Object> awaitEnded(String key, String e164) {
        Api api = stack.api();
        await("ended record for " + e164).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.calls(key, e164).stream().findFirst().map(c -> c.get("endedAt") != null).orElse(false));
        return api.calls(key, e164).getFirst();
    }
}
