package dev.ariadne.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ariadne.agent.reference.RecordedCall;
import dev.ariadne.agent.reference.ReferenceAgent;
import dev.ariadne.agent.reference.ReferenceAgentConfig;
import dev.ariadne.agent.reference.ToneAnalysis;
import java.io.StringReader;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * Twilio beside the tenant's trunks: calls to Twilio-native numbers (Twilio's webhook and Media Stream played by
 * {@link TwilioPeer}, following Twilio's published formats), agents written for Twilio ending calls through
 * Ariadne's Calls API subset, and Twilio as the last-resort route of outbound calls. Twilio's REST API is
 * WireMock ({@link E2eStack#twilio()}), answering with the bodies Twilio documents.
 */
@E2eTest
class TwilioE2eTests {
    private static final Duration UP = Duration.ofSeconds(15);
    private static final double[] CANDIDATES = {300, 440, 1000, 1500};
    private static final String AGENT_TOKEN = "tw-agent-token-" + HexFormat.of().formatHex(new byte[] {1, 2, 3, 4});
    private final E2eStack stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private ReferenceAgent twilioAgent;
    private SippPeer failing;

    TwilioE2eTests(E2eStack stack) {
        this.stack = stack;
    }

    @BeforeAll
    void setUp() throws Exception {
        // Speaks Twilio's Media Streams protocol (the agent's protocol "twilio"), sends a 1 kHz tone at 8 kHz.
        twilioAgent = ReferenceAgent.start(ReferenceAgentConfig.defaults().withTone(1000, 0.5).withToken(AGENT_TOKEN));
        failing = SippPeer.start("uas-503.xml");
    }

    @AfterAll
    void tearDown() {
        twilioAgent.close();
        failing.close();
    }

    /** A tenant with a Twilio account (known to WireMock), the stack's ariadne.v1 tone agent and a twilio agent. */
    private record Tenant(String key, TwilioPeer twilio, String toneAgent, String twilioAgentId) {}

    private Tenant tenant(String name, boolean fallback) {
        Api api = stack.api();
        String key = api.tenant(name);
        String accountSid = TwilioPeer.sid("AC");
        String authToken = TwilioPeer.sid(""); // 32 hex digits, as Twilio's are
        wiremock().stubFor(get(urlEqualTo(account(accountSid) + ".json")).withBasicAuth(accountSid, authToken)
                .willReturn(json(200, """
                        {"sid": "%1$s", "owner_account_sid": "%1$s", "friendly_name": "%2$s", "status": "active",
                         "type": "Full", "date_created": "Thu, 30 Jul 2015 20:00:00 +0000",
                         "date_updated": "Thu, 30 Jul 2015 20:00:00 +0000", "auth_token": "redacted",
                         "uri": "/2010-04-01/Accounts/%1$s.json", "subresource_uris": {}}"""
                        .formatted(accountSid, name))));
        Map<String, Object> connected = api.put(key, "/api/v1/twilio",
                Map.of("accountSid", accountSid, "authToken", authToken, "fallback", fallback));
        assertThat(connected).containsEntry("accountSid", accountSid).containsEntry("fallback", fallback)
                .doesNotContainKey("authToken");
        String tone = api.agent(key, "tone", stack.toneAgent().url());
        String tw = (String) api.post(key, "/api/v1/agents", Map.of("name", "twilio-agent", "url", twilioAgent.url(),
                "protocol", "twilio", "token", AGENT_TOKEN)).get("id");
        return new Tenant(key, new TwilioPeer(stack.baseUrl(), accountSid, authToken), tone, tw);
    }

    private WireMockServer wiremock() {
        return stack.twilio();
    }

    private static String account(String accountSid) {
        return "/2010-04-01/Accounts/" + accountSid;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** A Twilio number of the tenant's account, created in Ariadne (which points its webhooks at itself). */
    private String twilioNumber(Tenant t, String agentId) {
        String numberSid = TwilioPeer.sid("PN");
        String e164 = Api.randomE164();
        String path = account(t.twilio().accountSid()) + "/IncomingPhoneNumbers/" + numberSid + ".json";
        String body = """
                {"sid": "%1$s", "account_sid": "%2$s", "phone_number": "%3$s", "friendly_name": "%3$s",
                 "capabilities": {"voice": true}, "voice_method": "POST", "voice_url": "", "status_callback": "",
                 "status_callback_method": "POST", "status": "in-use", "api_version": "2010-04-01",
                 "date_created": "Thu, 30 Jul 2015 23:19:04 +0000", "date_updated": "Thu, 30 Jul 2015 23:19:04 +0000",
                 "uri": "%4$s"}""".formatted(numberSid, t.twilio().accountSid(), e164, path);
        wiremock().stubFor(get(urlEqualTo(path)).willReturn(json(200, body)));
        wiremock().stubFor(post(urlEqualTo(path)).willReturn(json(200, body)));
        Map<String, Object> n = stack.api().post(t.key(), "/api/v1/numbers", Map.of("e164", e164, "source", "twilio",
                "twilioNumberSid", numberSid, "agentId", agentId));
        assertThat(n).containsEntry("source", "twilio").containsEntry("twilioNumberSid", numberSid);
        wiremock().verify(postRequestedFor(urlEqualTo(path))
                .withRequestBody(containing("VoiceUrl=" + enc(stack.baseUrl() + "/twilio/voice")))
                .withRequestBody(containing("StatusCallback=" + enc(stack.baseUrl() + "/twilio/status"))));
        return e164;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Twilio's voice webhook for a call to {@code to}, and the stream its TwiML asks for. */
    private TwilioPeer.MediaStream incoming(Tenant t, String callSid, String to) {
        TwilioPeer.Answer answer = t.twilio().voice(callSid, "+15557654321", to);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.streamUrl()).as("TwiML: " + answer.body()).isEqualTo(
                stack.baseUrl().replace("http://", "ws://") + "/twilio/media");
        Map<String, String> parameters = answer.parameters();
        assertThat(parameters.get("ariadneToken")).as("one-time stream token").hasSizeGreaterThanOrEqualTo(40);
        return t.twilio().stream(answer.streamUrl(), callSid, parameters);
    }

    private static boolean ended(Map<String, Object> record) {
        return record.get("endedAt") != null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> media(Map<String, Object> record) {
        return (Map<String, Object>) record.get("media");
    }

    @Test
    void aCallToATwilioNumberReachesAnAriadneAgentWithAudioBothWaysAndIsRecordedAsTwilio() throws Exception {
        Tenant t = tenant("tw-inbound", false);
        String number = twilioNumber(t, t.toneAgent());
        ReferenceAgent agent = stack.toneAgent();
        int mark = AgentCalls.mark(agent);
        String callSid = TwilioPeer.sid("CA");
        String callId;
        try (TwilioPeer.MediaStream stream = incoming(t, callSid, number)) {
            stream.play(440);
            RecordedCall received = AgentCalls.awaitNew(agent, mark, UP);
            callId = received.callId();
            assertThat(received.start()).containsEntry("direction", "inbound").containsEntry("to", number)
                    .containsEntry("from", "+15557654321");
            AgentCalls.awaitAudio(received, 2.0, Duration.ofSeconds(10));
            short[] atAgent = ToneAnalysis.samples(AgentCalls.last(received.audio(), 16000, 1.0));
            assertThat(ToneAnalysis.dominantFrequency(atAgent, 16000, CANDIDATES)).as("what the agent hears").isEqualTo(440);
            assertThat(ToneAnalysis.purity(atAgent, 16000, 440)).as("purity of 440 Hz at the agent").isGreaterThan(0.8);
            await("the agent's audio at Twilio").atMost(Duration.ofSeconds(10))
                    .until(() -> stream.receivedPcm().length >= 2 * 8000 * 2);
            short[] atCaller = ToneAnalysis.samples(AgentCalls.last(stream.receivedPcm(), 8000, 1.0));
            assertThat(ToneAnalysis.dominantFrequency(atCaller, 8000, CANDIDATES)).as("what Twilio plays").isEqualTo(1000);
            assertThat(ToneAnalysis.purity(atCaller, 8000, 1000)).as("purity of 1 kHz at Twilio").isGreaterThan(0.8);
            stream.dtmf("7");
            await("DTMF at the agent").atMost(Duration.ofSeconds(5)).until(() -> received.dtmf().equals("7"));
            Map<String, Object> live = stack.api().call(t.key(), callId);
            assertThat(live).containsEntry("status", "answered").containsEntry("source", "twilio")
                    .containsEntry("twilioCallSid", callSid);
            // The caller hangs up: Twilio stops the stream and reports the call completed.
            stream.stop();
            assertThat(t.twilio().status(callSid, "completed").status()).isEqualTo(204);
            assertThat(stream.closed().get(5, TimeUnit.SECONDS)).as("socket closed by Ariadne").isEqualTo(1000);
            await("stop at the agent").atMost(Duration.ofSeconds(5)).until(() -> received.stop() != null);
        }
        Map<String, Object> record = stack.api().awaitCall(t.key(), callId, TwilioE2eTests::ended, Duration.ofSeconds(10));
        assertThat(record).containsEntry("status", "completed").containsEntry("cause", "caller_hangup")
                .containsEntry("source", "twilio").containsEntry("twilioCallSid", callSid)
                .containsEntry("direction", "inbound").containsEntry("to", number).containsEntry("codec", "ulaw")
                .containsEntry("agentId", t.toneAgent());
        assertThat(record.get("trunkId")).isNull();
        assertThat(record.get("answeredAt")).isNotNull();
        assertThat(((Number) media(record).get("framesIn")).longValue()).isGreaterThan(100);
        assertThat(((Number) media(record).get("framesOut")).longValue()).isGreaterThan(50);
        assertThat(((Number) media(record).get("framesLost")).longValue()).isZero();
        wiremock().verify(0, postRequestedFor(urlEqualTo(account(t.twilio().accountSid()) + "/Calls/" + callSid + ".json")));
    }

    @Test
    void aTwilioAgentOnATwilioNumberGetsTwilioEventsAndAnApiHangupEndsTheTwilioCallAndStopsTheAgent()
            throws Exception {
        Tenant t = tenant("tw-inbound-twagent", false);
        String number = twilioNumber(t, t.twilioAgentId());
        String callSid = TwilioPeer.sid("CA");
        String endPath = account(t.twilio().accountSid()) + "/Calls/" + callSid + ".json";
        wiremock().stubFor(post(urlEqualTo(endPath)).willReturn(json(200, """
                {"sid": "%s", "account_sid": "%s", "status": "completed", "direction": "inbound"}"""
                .formatted(callSid, t.twilio().accountSid()))));
        int mark = AgentCalls.mark(twilioAgent);
        try (TwilioPeer.MediaStream stream = incoming(t, callSid, number)) {
            stream.play(440);
            RecordedCall received = AgentCalls.awaitNew(twilioAgent, mark, UP);
            assertThat(received.profile()).isEqualTo("twilio");
            assertThat(received.sampleRate()).isEqualTo(8000);
            AgentCalls.awaitAudio(received, 2.0, Duration.ofSeconds(10));
            short[] atAgent = ToneAnalysis.samples(AgentCalls.last(received.audio(), 8000, 1.0));
            assertThat(ToneAnalysis.dominantFrequency(atAgent, 8000, CANDIDATES)).as("what the twilio agent hears")
                    .isEqualTo(440);
            await("the agent's audio at Twilio").atMost(Duration.ofSeconds(10))
                    .until(() -> stream.receivedPcm().length >= 2 * 8000 * 2);
            short[] atCaller = ToneAnalysis.samples(AgentCalls.last(stream.receivedPcm(), 8000, 1.0));
            assertThat(ToneAnalysis.dominantFrequency(atCaller, 8000, CANDIDATES)).isEqualTo(1000);

            String callId = received.callId();
            assertThat(stack.api().hangupCall(t.key(), callId)).isEqualTo(200);
            await("Status=completed at Twilio's API").atMost(Duration.ofSeconds(5)).untilAsserted(() -> wiremock()
                    .verify(postRequestedFor(urlEqualTo(endPath)).withRequestBody(containing("Status=completed"))));
            await("stop at the twilio agent").atMost(Duration.ofSeconds(5)).until(() -> received.stop() != null);
            assertThat(received.stop()).containsEntry("event", "stop");
            assertThat(stream.closed().get(5, TimeUnit.SECONDS)).isEqualTo(1000);
            Map<String, Object> record = stack.api().awaitCall(t.key(), callId, TwilioE2eTests::ended, Duration.ofSeconds(5));
            assertThat(record).containsEntry("status", "completed").containsEntry("cause", "api_hangup")
                    .containsEntry("source", "twilio");
            // Twilio's completed callback arriving afterwards changes nothing.
            assertThat(t.twilio().status(callSid, "completed").status()).isEqualTo(204);
            assertThat(stack.api().call(t.key(), callId)).containsEntry("cause", "api_hangup");
        }
    }

    @Test
    void marksClearTransferAndHangupOfAnAgentWorkOnATwilioCallThroughTwilio() throws Exception {
        // An ariadne.v1 agent speaking 1 kHz that marks and clears, and transfers on 9, hangs up on 8.
        try (ReferenceAgent scripted = ReferenceAgent.start(ReferenceAgentConfig.defaults().withTone(1000, 0.5)
                .withSteps(dev.ariadne.agent.reference.Step.parse(
                        "after:600:mark:m1,after:1200:clear,on-dtmf:9:transfer:+15550009999,on-dtmf:8:hangup:done")))) {
            Tenant t = tenant("tw-agent-actions", false);
            String agentId = stack.api().agent(t.key(), "scripted", scripted.url());
            String number = twilioNumber(t, agentId);

            String transferred = TwilioPeer.sid("CA");
            String transferPath = account(t.twilio().accountSid()) + "/Calls/" + transferred + ".json";
            wiremock().stubFor(post(urlEqualTo(transferPath)).willReturn(json(200, """
                    {"sid": "%s", "status": "in-progress"}""".formatted(transferred))));
            int mark = AgentCalls.mark(scripted);
            try (TwilioPeer.MediaStream stream = incoming(t, transferred, number)) {
                stream.play(440);
                RecordedCall received = AgentCalls.awaitNew(scripted, mark, UP);
                await("mark m1 played at Twilio and echoed to the agent").atMost(Duration.ofSeconds(10))
                        .until(() -> received.marksEchoed().contains("m1"));
                assertThat(stream.marksEchoed()).contains("m1");
                await("clear at Twilio").atMost(Duration.ofSeconds(5)).until(() -> stream.clears() == 1);
                stream.dtmf("9");
                await("the redirect at Twilio's API").atMost(Duration.ofSeconds(5))
                        .until(() -> !wiremock().findAll(postRequestedFor(urlEqualTo(transferPath))).isEmpty());
                assertThat(form(wiremock().findAll(postRequestedFor(urlEqualTo(transferPath))).getFirst()).get("Twiml"))
                        .endsWith("<Response><Dial><Number>+15550009999</Number></Dial></Response>");
                Map<String, Object> record = stack.api().awaitCall(t.key(), received.callId(), TwilioE2eTests::ended,
                        Duration.ofSeconds(5));
                assertThat(record).containsEntry("cause", "transferred").containsEntry("source", "twilio");
                // Twilio's <Dial> ends the stream; Ariadne asks nothing more of the call (no Status=completed).
                assertThat(form(wiremock().findAll(postRequestedFor(urlEqualTo(transferPath))).getFirst()))
                        .doesNotContainKey("Status");
            }

            String hungUp = TwilioPeer.sid("CA");
            String hangupPath = account(t.twilio().accountSid()) + "/Calls/" + hungUp + ".json";
            wiremock().stubFor(post(urlEqualTo(hangupPath)).willReturn(json(200, """
                    {"sid": "%s", "status": "completed"}""".formatted(hungUp))));
            mark = AgentCalls.mark(scripted);
            try (TwilioPeer.MediaStream stream = incoming(t, hungUp, number)) {
                RecordedCall received = AgentCalls.awaitNew(scripted, mark, UP);
                stream.dtmf("8");
                await("Status=completed at Twilio's API").atMost(Duration.ofSeconds(5)).untilAsserted(() -> wiremock()
                        .verify(postRequestedFor(urlEqualTo(hangupPath)).withRequestBody(containing("Status=completed"))));
                assertThat(stream.closed().get(5, TimeUnit.SECONDS)).isEqualTo(1000);
                Map<String, Object> record = stack.api().awaitCall(t.key(), received.callId(), TwilioE2eTests::ended,
                        Duration.ofSeconds(5));
                assertThat(record).containsEntry("cause", "agent_hangup").containsEntry("agentCloseReason", "done");
            }
        }
    }

    @Test
    void aForgedSignatureAnUnknownAccountAndAReplayedStreamTokenAreRefusedAndOpenNothing() throws Exception {
        Tenant t = tenant("tw-refusals", false);
        String number = twilioNumber(t, t.toneAgent());
        TwilioPeer peer = t.twilio();
        String callSid = TwilioPeer.sid("CA");
        Map<String, String> params = peer.voiceParams(callSid, "+15557654321", number);

        assertThat(peer.post("/twilio/voice", params, null).status()).as("no signature").isEqualTo(403);
        assertThat(peer.post("/twilio/voice", params, TwilioPeer.signature("forged-token", stack.baseUrl()
                + "/twilio/voice", params)).status()).as("forged signature").isEqualTo(403);
        // Twilio's own signature, but of another request (an old one replayed with new parameters).
        Map<String, String> stale = new LinkedHashMap<>(params);
        stale.put("CallSid", TwilioPeer.sid("CA"));
        String old = TwilioPeer.signature(peer.authToken(), stack.baseUrl() + "/twilio/voice", params);
        assertThat(peer.post("/twilio/voice", stale, old).status()).as("stale signature").isEqualTo(403);
        assertThat(peer.post("/twilio/status", params, old).status()).as("signature of another URL").isEqualTo(403);
        TwilioPeer stranger = new TwilioPeer(stack.baseUrl(), TwilioPeer.sid("AC"), "whatever-token");
        TwilioPeer.Answer unknown = stranger.voice(TwilioPeer.sid("CA"), "+15557654321", number);
        assertThat(unknown.status()).as("unknown AccountSid").isEqualTo(403);
        assertThat(unknown.body()).isEqualTo("unknown account");
        assertThat(stack.api().calls(t.key(), number)).as("calls recorded for refused webhooks").isEmpty();

        // A stream with a made-up token is closed with 1008 and reaches no agent.
        int mark = AgentCalls.mark(stack.toneAgent());
        try (TwilioPeer.MediaStream made = peer.stream(stack.baseUrl().replace("http", "ws") + "/twilio/media",
                callSid, Map.of("ariadneToken", "guessed"))) {
            assertThat(made.closed().get(5, TimeUnit.SECONDS)).isEqualTo(1008);
        }
        // A real call: its token opens one stream; presenting it again is refused.
        TwilioPeer.Answer answer = peer.voice(callSid, "+15557654321", number);
        Map<String, String> token = answer.parameters();
        String callId;
        try (TwilioPeer.MediaStream first = peer.stream(answer.streamUrl(), callSid, token)) {
            first.play(440);
            RecordedCall received = AgentCalls.awaitNew(stack.toneAgent(), mark, UP);
            callId = received.callId();
            try (TwilioPeer.MediaStream replay = peer.stream(answer.streamUrl(), callSid, token)) {
                assertThat(replay.closed().get(5, TimeUnit.SECONDS)).as("replayed token").isEqualTo(1008);
            }
            // The same CallSid's voice webhook again (a replay) does not make a second call.
            TwilioPeer.Answer again = peer.voice(callSid, "+15557654321", number);
            assertThat(again.rejectReason()).isEqualTo("rejected");
            assertThat(stack.toneAgent().calls().size()).as("calls at the agent").isEqualTo(mark + 1);
            assertThat(first.closed()).isNotDone();
            first.stop();
            first.closed().get(5, TimeUnit.SECONDS);
        }
        Map<String, Object> record = stack.api().awaitCall(t.key(), callId, TwilioE2eTests::ended, Duration.ofSeconds(5));
        assertThat(record).containsEntry("status", "completed");
        assertThat(stack.api().calls(t.key(), number)).as("one call for the number").hasSize(1);
    }

    @Test
    void aCallToANumberAriadneDoesNotHaveIsRejectedInTwiml() {
        Tenant t = tenant("tw-unknown-number", false);
        String callSid = TwilioPeer.sid("CA");
        String nobody = Api.randomE164();
        TwilioPeer.Answer answer = t.twilio().voice(callSid, "+15557654321", nobody);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.rejectReason()).as("TwiML: " + answer.body()).isEqualTo("rejected");
        assertThat(answer.streamUrl()).isNull();
        List<Map<String, Object>> records = stack.api().calls(t.key(), nobody);
        assertThat(records).singleElement().satisfies(r -> assertThat(r).containsEntry("status", "rejected")
                .containsEntry("cause", "unknown_number").containsEntry("source", "twilio")
                .containsEntry("twilioCallSid", callSid));
    }

    @Test
    void aTwilioAgentHangsUpASipCallThroughAriadnesCallsApi() throws Exception {
        CarrierTenant carrierTenant = stack.carrierTenant();
        Api api = stack.api();
        String agentId = (String) api.post(carrierTenant.apiKey(), "/api/v1/agents", Map.of("name", "twilio-agent",
                "url", twilioAgent.url(), "protocol", "twilio", "token", AGENT_TOKEN)).get("id");
        String number = carrierTenant.newNumber(agentId);
        int mark = AgentCalls.mark(twilioAgent);
        CarrierCall call = stack.carrier().dial(number);
        try {
            call.awaitAnswered(UP);
            RecordedCall received = AgentCalls.awaitNew(twilioAgent, mark, UP);
            @SuppressWarnings("unchecked")
            Map<String, Object> start = (Map<String, Object>) received.start().get("start");
            String accountSid = (String) start.get("accountSid");
            String callSid = (String) start.get("callSid");
            String path = "/2010-04-01/Accounts/" + accountSid + "/Calls/" + callSid + ".json";

            HttpResponse<String> wrong = compat(path, accountSid, "not-the-token", "Status=completed");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(call.hangupSoFar()).isEmpty();
            HttpResponse<String> unsupported = compat(path, accountSid, AGENT_TOKEN,
                    "Twiml=" + enc("<Response><Say>hello</Say></Response>"));
            assertThat(unsupported.statusCode()).isEqualTo(400);
            assertThat(unsupported.body()).contains("\"code\":21220").contains("<Say> is not served");

            HttpResponse<String> ended = compat(path, accountSid, AGENT_TOKEN, "Status=completed");
            assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
            assertThat(ended.body()).contains("\"sid\":\"" + callSid + "\"");
            CarrierCall.Hangup hangup = call.awaitHangup(Duration.ofSeconds(5));
            assertThat(hangup.cause()).as("Q.850 cause of Ariadne's BYE").isEqualTo(16);
            await("stop at the twilio agent").atMost(Duration.ofSeconds(5)).until(() -> received.stop() != null);
            Map<String, Object> record = api.awaitCall(carrierTenant.apiKey(), callSid, TwilioE2eTests::ended,
                    Duration.ofSeconds(5));
            assertThat(record).containsEntry("status", "completed").containsEntry("cause", "agent_hangup")
                    .containsEntry("source", "sip");
        } finally {
            call.hangup();
        }
    }

    private HttpResponse<String> compat(String path, String user, String password, String form) throws Exception {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .header("Authorization", "Basic " + auth)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The form parameters of a request Ariadne made to Twilio's API. */
    private static Map<String, String> form(LoggedRequest r) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String pair : r.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            p.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> attempts(Map<String, Object> record) {
        return (List<Map<String, Object>>) record.get("attempts");
    }

    /** The tenant's one trunk: sipp answering every INVITE with 503. */
    private String failingTrunk(Tenant t) {
        String trunk = (String) stack.api().trunk(t.key(), Api.peerTrunk("failing", failing.port(), 1, 10)).get("id");
        stack.api().awaitApplied(t.key(), trunk);
        return trunk;
    }

    /** A number on the trunk (an outbound call's caller id), routed to the tone agent. */
    private String trunkNumber(Tenant t, String trunk) {
        String number = Api.randomE164();
        stack.api().number(t.key(), number, trunk, t.toneAgent());
        return number;
    }

    @Test
    void anOutboundCallWhoseTrunksAllFailGoesOutThroughTwilioAndIsRecordedSo() throws Exception {
        Tenant t = tenant("tw-fallback", true);
        Api api = stack.api();
        String trunk = failingTrunk(t);
        String from = trunkNumber(t, trunk);
        String callSid = TwilioPeer.sid("CA");
        String callsPath = account(t.twilio().accountSid()) + "/Calls.json";
        String callPath = account(t.twilio().accountSid()) + "/Calls/" + callSid + ".json";
        wiremock().stubFor(post(urlEqualTo(callsPath)).willReturn(json(201, """
                {"sid": "%1$s", "account_sid": "%2$s", "status": "queued", "direction": "outbound-api",
                 "api_version": "2010-04-01", "date_created": "Tue, 31 Aug 2010 20:36:28 +0000",
                 "uri": "/2010-04-01/Accounts/%2$s/Calls/%1$s.json"}""".formatted(callSid, t.twilio().accountSid()))));
        wiremock().stubFor(post(urlEqualTo(callPath)).willReturn(json(200, """
                {"sid": "%1$s", "account_sid": "%2$s", "status": "completed", "direction": "outbound-api"}"""
                .formatted(callSid, t.twilio().accountSid()))));
        String to = Api.randomE164();
        long invites = failing.invites();
        int mark = AgentCalls.mark(stack.toneAgent());
        String callId = (String) api.placeCall(t.key(), Map.of("to", to, "from", from)).get("id");

        await("Twilio's Calls API asked to place the call").atMost(UP).until(() -> !wiremock()
                .findAll(postRequestedFor(urlEqualTo(callsPath))).isEmpty());
        assertThat(failing.invites() - invites).as("INVITEs at the failing trunk").isEqualTo(1);
        Map<String, String> create = form(wiremock().findAll(postRequestedFor(urlEqualTo(callsPath))).getFirst());
        assertThat(create).containsEntry("To", to).containsEntry("From", from)
                .containsEntry("StatusCallback", stack.baseUrl() + "/twilio/status")
                .containsEntry("StatusCallbackMethod", "POST");
        Element stream = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(create.get("Twiml")))).getElementsByTagName("Stream").item(0);
        assertThat(stream.getAttribute("url")).isEqualTo(stack.baseUrl().replace("http://", "ws://") + "/twilio/media");
        Element parameter = (Element) stream.getElementsByTagName("Parameter").item(0);
        assertThat(parameter.getAttribute("name")).isEqualTo("ariadneToken");

        // Twilio rings the callee, who answers: the TwiML runs and the stream opens.
        assertThat(t.twilio().status(callSid, "ringing").status()).isEqualTo(204);
        api.awaitCall(t.key(), callId, r -> "ringing".equals(r.get("status")), UP);
        try (TwilioPeer.MediaStream media = t.twilio().stream(stream.getAttribute("url"), callSid,
                Map.of("ariadneToken", parameter.getAttribute("value")))) {
            media.play(440);
            RecordedCall received = AgentCalls.awaitNew(stack.toneAgent(), mark, UP);
            assertThat(received.callId()).isEqualTo(callId);
            assertThat(received.start()).containsEntry("direction", "outbound").containsEntry("to", to);
            AgentCalls.awaitAudio(received, 1.5, Duration.ofSeconds(10));
            short[] atAgent = ToneAnalysis.samples(AgentCalls.last(received.audio(), 16000, 1.0));
            assertThat(ToneAnalysis.dominantFrequency(atAgent, 16000, CANDIDATES)).isEqualTo(440);
            await("the agent's audio at Twilio").atMost(Duration.ofSeconds(10))
                    .until(() -> media.receivedPcm().length >= 8000 * 2);
            Map<String, Object> up = api.call(t.key(), callId);
            assertThat(up).containsEntry("status", "answered").containsEntry("source", "twilio")
                    .containsEntry("twilioCallSid", callSid);

            assertThat(api.hangupCall(t.key(), callId)).isEqualTo(200);
            await("Status=completed at Twilio's API").atMost(Duration.ofSeconds(5)).untilAsserted(() -> wiremock()
                    .verify(postRequestedFor(urlEqualTo(callPath)).withRequestBody(containing("Status=completed"))));
            assertThat(media.closed().get(5, TimeUnit.SECONDS)).isEqualTo(1000);
        }
        Map<String, Object> record = api.awaitCall(t.key(), callId, TwilioE2eTests::ended, Duration.ofSeconds(5));
        assertThat(record).containsEntry("status", "completed").containsEntry("cause", "api_hangup")
                .containsEntry("source", "twilio").containsEntry("twilioCallSid", callSid);
        assertThat(attempts(record)).hasSize(2);
        assertThat(attempts(record).get(0)).containsEntry("route", "trunk").containsEntry("trunkId", trunk)
                .containsEntry("sipStatus", 503).containsEntry("failedOver", true);
        assertThat(attempts(record).get(1)).containsEntry("route", "twilio").containsEntry("twilioCallSid", callSid)
                .containsEntry("outcome", "answered").containsEntry("failedOver", false);
    }

    @Test
    void twilioRefusingTheFallbackCallIsRecordedAsTheLastAttempt() {
        Tenant t = tenant("tw-fallback-refused", true);
        Api api = stack.api();
        String trunk = failingTrunk(t);
        String from = trunkNumber(t, trunk);
        String callsPath = account(t.twilio().accountSid()) + "/Calls.json";
        // Twilio's answer for a To it cannot call: not transient, so not retried.
        wiremock().stubFor(post(urlEqualTo(callsPath)).willReturn(json(400, """
                {"code": 21211, "message": "The 'To' number is not a valid phone number.",
                 "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}""")));
        String callId = (String) api.placeCall(t.key(), Map.of("to", Api.randomE164(), "from", from)).get("id");
        Map<String, Object> record = api.awaitCall(t.key(), callId, TwilioE2eTests::ended, UP);
        assertThat(record).containsEntry("status", "failed");
        assertThat(attempts(record)).hasSize(2);
        assertThat(attempts(record).get(1)).containsEntry("route", "twilio").containsEntry("outcome", "twilio_failed")
                .containsEntry("failedOver", false);
        wiremock().verify(1, postRequestedFor(urlEqualTo(callsPath)));
    }
}
