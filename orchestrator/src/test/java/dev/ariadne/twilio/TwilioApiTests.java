package dev.ariadne.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * A tenant's Twilio account, its Twilio-native numbers and Twilio's webhooks through the REST API, with WireMock
 * playing Twilio's API (the bodies Twilio documents) and checking what Ariadne asked of it.
 */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class TwilioApiTests {
    static final String PUBLIC = "https://ariadne.test";
    static final WireMockServer TWILIO = new WireMockServer(wireMockConfig().dynamicPort());

    static {
        TWILIO.start();
    }

    @DynamicPropertySource
    static void twilio(DynamicPropertyRegistry r) {
        r.add("ariadne.twilio.api-base-url", () -> "http://127.0.0.1:" + TWILIO.port());
        r.add("ariadne.twilio.retry-backoff", () -> "10ms");
        r.add("ariadne.public-url", () -> PUBLIC);
    }

    @AfterAll
    static void stopTwilio() {
        TWILIO.stop();
    }

    @Autowired
    WebTestClient web;

    Api api;
    String key;
    String accountSid;
    String authToken;

    @BeforeEach
    void setUp() {
        api = new Api(web);
        key = api.tenant("pro");
        accountSid = sid("AC");
        authToken = HexFormat.of().formatHex(randomBytes(16));
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    static String sid(String prefix) {
        return prefix + HexFormat.of().formatHex(randomBytes(16));
    }

    static String randomE164() {
        return "+1555" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    String accountPath() {
        return "/2010-04-01/Accounts/" + accountSid + ".json";
    }

    String numberPath(String numberSid) {
        return "/2010-04-01/Accounts/" + accountSid + "/IncomingPhoneNumbers/" + numberSid + ".json";
    }

    void twilioKnowsTheAccount() {
        TWILIO.stubFor(get(urlEqualTo(accountPath())).withBasicAuth(accountSid, authToken).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(TwilioFixtures.account(accountSid))));
    }

    void twilioKnowsTheNumber(String numberSid, String e164) {
        String body = TwilioFixtures.number(accountSid, numberSid, e164);
        TWILIO.stubFor(get(urlEqualTo(numberPath(numberSid))).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(body)));
        TWILIO.stubFor(post(urlEqualTo(numberPath(numberSid))).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    void connectAccount(boolean fallback) {
        twilioKnowsTheAccount();
        api.put(key, "/api/v1/twilio", Map.of("accountSid", accountSid, "authToken", authToken, "fallback", fallback))
                .expectStatus().isOk();
    }

    @Test
    void anAccountIsCheckedWithTwilioStoredAndShownWithoutItsToken(CapturedOutput output) {
        twilioKnowsTheAccount();
        String put = api.put(key, "/api/v1/twilio", Map.of("accountSid", accountSid, "authToken", authToken,
                        "fallback", true))
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(put).doesNotContain(authToken).contains("\"friendlyName\":\"Ariadne test account\"");
        TWILIO.verify(getRequestedFor(urlEqualTo(accountPath())).withBasicAuth(
                new com.github.tomakehurst.wiremock.client.BasicCredentials(accountSid, authToken)));
        String got = api.get(key, "/api/v1/twilio").expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody();
        assertThat(got).doesNotContain(authToken).contains("\"accountSid\":\"" + accountSid + "\"")
                .contains("\"fallback\":true").contains("\"authTokenSet\":true");
        // Changing only the fallback keeps the stored token (and checks it with Twilio again).
        api.put(key, "/api/v1/twilio", Map.of("accountSid", accountSid, "fallback", false)).expectStatus().isOk()
                .expectBody().jsonPath("$.fallback").isEqualTo(false);
        TWILIO.verify(2, getRequestedFor(urlEqualTo(accountPath())));
        api.delete(key, "/api/v1/twilio").expectStatus().isNoContent();
        api.get(key, "/api/v1/twilio").expectStatus().isNotFound();
        assertThat(output.getAll()).as("the auth token in a log line").doesNotContain(authToken);
    }

    @Test
    void credentialsTwilioRefusesAreABadRequestAndNothingIsStored() {
        TWILIO.stubFor(get(urlEqualTo(accountPath())).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody(TwilioFixtures.error(401, 20003, "Authenticate"))));
        api.put(key, "/api/v1/twilio", Map.of("accountSid", accountSid, "authToken", authToken))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("authToken")
                .jsonPath("$.errors[0].reason")
                .isEqualTo("Twilio refused the account SID and auth token (HTTP 401, code 20003)");
        TWILIO.verify(1, getRequestedFor(urlEqualTo(accountPath())));
        api.get(key, "/api/v1/twilio").expectStatus().isNotFound();
    }

    @Test
    void twilioNotAnsweringIsServiceUnavailableAfterTheRetries() {
        TWILIO.stubFor(get(urlEqualTo(accountPath())).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody(TwilioFixtures.error(500, 20500, "Internal Server Error"))));
        api.put(key, "/api/v1/twilio", Map.of("accountSid", accountSid, "authToken", authToken))
                .expectStatus().isEqualTo(503);
        TWILIO.verify(3, getRequestedFor(urlEqualTo(accountPath())));
        api.get(key, "/api/v1/twilio").expectStatus().isNotFound();
    }

    @Test
    void anInvalidAccountNamesEveryFieldAndAsksTwilioNothing() {
        api.put(key, "/api/v1/twilio", Map.of("accountSid", "AC-nope", "authToken", "with space"))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'accountSid')].reason")
                .isEqualTo(List.of("must be AC followed by 32 hex digits"))
                .jsonPath("$.errors[?(@.field == 'authToken')].reason")
                .isEqualTo(List.of("must be 1 to 128 characters without spaces"));
        api.put(key, "/api/v1/twilio", Map.of("accountSid", accountSid, "authToken", authToken, "extra", 1))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("extra");
        api.put(key, "/api/v1/twilio", Map.of("accountSid", accountSid)).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("authToken")
                .jsonPath("$.errors[0].reason").isEqualTo("is required");
        TWILIO.verify(0, getRequestedFor(urlEqualTo(accountPath())));
    }

    @Test
    void anAccountConnectedToOneTenantIsAConflictForAnother() {
        connectAccount(false);
        String other = api.tenant("pro");
        api.put(other, "/api/v1/twilio", Map.of("accountSid", accountSid, "authToken", authToken))
                .expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.detail").isEqualTo("Twilio account " + accountSid + " is connected to another tenant");
    }

    @Test
    void aTwilioNumberHasItsWebhooksPointedAtAriadneAndClearedWhenDeleted() {
        connectAccount(false);
        String numberSid = sid("PN");
        String e164 = randomE164();
        twilioKnowsTheNumber(numberSid, e164);
        String agent = api.agent(key, "a");
        String id = api.create(key, "/api/v1/numbers", Map.of("e164", e164, "source", "twilio",
                "twilioNumberSid", numberSid, "agentId", agent));
        TWILIO.verify(postRequestedFor(urlEqualTo(numberPath(numberSid)))
                .withRequestBody(containing("VoiceUrl=https%3A%2F%2Fariadne.test%2Ftwilio%2Fvoice"))
                .withRequestBody(containing("VoiceMethod=POST"))
                .withRequestBody(containing("StatusCallback=https%3A%2F%2Fariadne.test%2Ftwilio%2Fstatus")));
        api.get(key, "/api/v1/numbers/" + id).expectStatus().isOk().expectBody()
                .jsonPath("$.source").isEqualTo("twilio")
                .jsonPath("$.twilioNumberSid").isEqualTo(numberSid)
                .jsonPath("$.trunkId").doesNotExist();
        // The account cannot go while a number is on it.
        api.delete(key, "/api/v1/twilio").expectStatus().isEqualTo(409);
        api.delete(key, "/api/v1/numbers/" + id).expectStatus().isNoContent();
        var cleared = postRequestedFor(urlEqualTo(numberPath(numberSid)))
                .withRequestBody(matching("(.*&)?VoiceUrl=(&.*)?")).withRequestBody(matching("(.*&)?StatusCallback=(&.*)?"));
        eventually(() -> TWILIO.verify(cleared)); // cleared once the delete committed
        api.delete(key, "/api/v1/twilio").expectStatus().isNoContent();
    }

    static void eventually(Runnable assertion) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError | RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Test
    void aTwilioNumberThatIsAnotherNumberAtTwilioIsRefusedAndNotStored() {
        connectAccount(false);
        String numberSid = sid("PN");
        String e164 = randomE164();
        twilioKnowsTheNumber(numberSid, "+15550000000");
        api.post(key, "/api/v1/numbers", Map.of("e164", e164, "source", "twilio", "twilioNumberSid", numberSid,
                        "agentId", api.agent(key, "a")))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("e164")
                .jsonPath("$.errors[0].reason").isEqualTo("the Twilio number " + numberSid + " is +15550000000, not " + e164);
        TWILIO.verify(0, postRequestedFor(urlEqualTo(numberPath(numberSid))));
        api.get(key, "/api/v1/numbers").expectBody().jsonPath("$.total").isEqualTo(0);
    }

    @Test
    void aTwilioNumberUnknownToTheAccountIsRefused() {
        connectAccount(false);
        String numberSid = sid("PN");
        TWILIO.stubFor(get(urlEqualTo(numberPath(numberSid))).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody(TwilioFixtures.error(404, 20404, "The requested resource was not found"))));
        api.post(key, "/api/v1/numbers", Map.of("e164", randomE164(), "source", "twilio", "twilioNumberSid", numberSid,
                        "agentId", api.agent(key, "a")))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("twilioNumberSid")
                .jsonPath("$.errors[0].reason").isEqualTo("the tenant's Twilio account has no such number");
    }

    @Test
    void aTwilioNumberNeedsAnAccountAndNoTrunk() {
        String agent = api.agent(key, "a");
        api.post(key, "/api/v1/numbers", Map.of("e164", randomE164(), "source", "twilio", "twilioNumberSid", sid("PN"),
                        "agentId", agent))
                .expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.detail").isEqualTo("the tenant has no Twilio account (PUT /api/v1/twilio)");
        api.post(key, "/api/v1/numbers", Map.of("e164", randomE164(), "source", "twilio", "trunkId",
                        api.trunk(key, "t"), "agentId", agent))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'trunkId')].reason")
                .isEqualTo(List.of("must be absent: a number with source twilio is on no trunk"))
                .jsonPath("$.errors[?(@.field == 'twilioNumberSid')].reason")
                .isEqualTo(List.of("is required for a number with source twilio"));
        api.post(key, "/api/v1/numbers", Map.of("e164", randomE164(), "source", "fax", "agentId", agent))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'source')].reason").isEqualTo(List.of("must be trunk or twilio"));
    }

    /** Twilio's X-Twilio-Signature, computed as Twilio documents it (not with the SDK Ariadne checks it with). */
    static String signature(String token, String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, String> voiceParams(String to) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", accountSid);
        p.put("ApiVersion", "2010-04-01");
        p.put("CallSid", sid("CA"));
        p.put("CallStatus", "ringing");
        p.put("Direction", "inbound");
        p.put("From", "+15557654321");
        p.put("To", to);
        return p;
    }

    WebTestClient.ResponseSpec webhook(String path, Map<String, String> params, String signature) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        params.forEach(form::add);
        var request = web.post().uri(path).contentType(MediaType.APPLICATION_FORM_URLENCODED);
        if (signature != null) {
            request = request.header("X-Twilio-Signature", signature);
        }
        return request.body(BodyInserters.fromFormData(form)).exchange();
    }

    @Test
    void aSignedVoiceWebhookForANumberAriadneDoesNotHaveIsAnsweredWithReject() {
        connectAccount(false);
        Map<String, String> p = voiceParams(randomE164());
        String body = webhook("/twilio/voice", p, signature(authToken, PUBLIC + "/twilio/voice", p))
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_XML)
                .expectBody(String.class).returnResult().getResponseBody();
        // (Calls are recorded where a node carries calls; that, with the record, is proven end to end.)
        assertThat(body).contains("<Response><Reject reason=\"rejected\"/></Response>");
    }

    @Test
    void aForgedMissingOrStaleSignatureOrUnknownAccountIsForbiddenAndRecordsNothing(CapturedOutput output) {
        connectAccount(false);
        Map<String, String> p = voiceParams(randomE164());
        String good = signature(authToken, PUBLIC + "/twilio/voice", p);
        webhook("/twilio/voice", p, null).expectStatus().isForbidden();
        webhook("/twilio/voice", p, signature("not-the-token", PUBLIC + "/twilio/voice", p)).expectStatus().isForbidden();
        // Signed for another URL, or with other parameters than those sent (a stale or replayed signature).
        webhook("/twilio/voice", p, signature(authToken, PUBLIC + "/twilio/status", p)).expectStatus().isForbidden();
        Map<String, String> altered = new LinkedHashMap<>(p);
        altered.put("From", "+15550001111");
        webhook("/twilio/voice", altered, good).expectStatus().isForbidden();
        webhook("/twilio/status", p, good).expectStatus().isForbidden();
        Map<String, String> stranger = new LinkedHashMap<>(p);
        stranger.put("AccountSid", sid("AC"));
        webhook("/twilio/voice", stranger, signature(authToken, PUBLIC + "/twilio/voice", stranger))
                .expectStatus().isForbidden().expectBody(String.class).isEqualTo("unknown account");
        api.get(key, "/api/v1/calls").expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(0);
        assertThat(output.getAll()).doesNotContain(authToken);
    }

    @Test
    void theCompatCallsApiWantsTheAgentsTokenAsBasicAuth() {
        String path = "/2010-04-01/Accounts/" + UUID.randomUUID() + "/Calls/" + UUID.randomUUID() + ".json";
        web.post().uri(path).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("Status", "completed")).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Basic realm=\"Twilio API\"")
                .expectBody().jsonPath("$.code").isEqualTo(20003);
        web.post().uri("/2010-04-01/Accounts/" + accountSid + "/Calls/" + sid("CA") + ".json")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("Status", "completed")).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo(20404);
    }
}
