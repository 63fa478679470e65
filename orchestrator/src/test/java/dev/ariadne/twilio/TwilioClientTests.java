package dev.ariadne.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.ariadne.twilio.TwilioFixtures.ACCOUNT_SID;
import static dev.ariadne.twilio.TwilioFixtures.AUTH_TOKEN;
import static dev.ariadne.twilio.TwilioFixtures.CALL_SID;
import static dev.ariadne.twilio.TwilioFixtures.NUMBER_SID;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The client against WireMock playing Twilio's REST API: the requests it makes, its retries and errors. */
class TwilioClientTests {
    static final Duration T = Duration.ofSeconds(10);
    static final String BASE = "/2010-04-01/Accounts/" + ACCOUNT_SID;
    WireMockServer twilio;
    TwilioClient client;
    final TwilioClient.Credentials creds = new TwilioClient.Credentials(ACCOUNT_SID, AUTH_TOKEN);

    @BeforeEach
    void start() {
        twilio = new WireMockServer(wireMockConfig().dynamicPort());
        twilio.start();
        client = new TwilioClient(new TwilioProperties("http://127.0.0.1:" + twilio.port(), T, 2, Duration.ofMillis(20)));
    }

    @AfterEach
    void stop() {
        twilio.stop();
    }

    static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fetchingTheAccountChecksTheCredentialsWithBasicAuth() {
        twilio.stubFor(get(urlEqualTo(BASE + ".json")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(TwilioFixtures.account(ACCOUNT_SID))));
        StepVerifier.create(client.fetchAccount(creds))
                .assertNext(a -> assertThat(a).isEqualTo(new TwilioClient.AccountInfo(ACCOUNT_SID, "Ariadne test account", "active")))
                .verifyComplete();
        twilio.verify(getRequestedFor(urlEqualTo(BASE + ".json")).withHeader("Authorization", equalTo(basic())));
    }

    @Test
    void refusedCredentialsAreAnUnauthorizedErrorAndAreNotRetried() {
        twilio.stubFor(get(urlEqualTo(BASE + ".json")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody(TwilioFixtures.error(401, 20003, "Authenticate"))));
        StepVerifier.create(client.fetchAccount(creds))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(TwilioException.class);
                    TwilioException t = (TwilioException) e;
                    assertThat(t.unauthorized()).isTrue();
                    assertThat(t.code()).isEqualTo(20003);
                    assertThat(t.getMessage()).doesNotContain(AUTH_TOKEN);
                })
                .verify(T);
        twilio.verify(1, getRequestedFor(urlEqualTo(BASE + ".json")));
    }

    @Test
    void aMissingResourceIsNotRetried() {
        twilio.stubFor(get(urlEqualTo(BASE + "/IncomingPhoneNumbers/" + NUMBER_SID + ".json")).willReturn(aResponse()
                .withStatus(404).withHeader("Content-Type", "application/json")
                .withBody(TwilioFixtures.error(404, 20404, "The requested resource was not found"))));
        StepVerifier.create(client.fetchNumber(creds, NUMBER_SID))
                .expectErrorSatisfies(e -> assertThat(((TwilioException) e).status()).isEqualTo(404))
                .verify(T);
        twilio.verify(1, getRequestedFor(urlEqualTo(BASE + "/IncomingPhoneNumbers/" + NUMBER_SID + ".json")));
    }

    @Test
    void transientErrorsAreRetriedWithBackoffUntilTwilioAnswers() {
        String url = BASE + ".json";
        twilio.stubFor(get(urlEqualTo(url)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody(TwilioFixtures.error(500, 20500, "Internal Server Error")))
                .willSetStateTo("limited"));
        twilio.stubFor(get(urlEqualTo(url)).inScenario("flaky").whenScenarioStateIs("limited")
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody(TwilioFixtures.error(429, 20429, "Too Many Requests")))
                .willSetStateTo("ok"));
        twilio.stubFor(get(urlEqualTo(url)).inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(TwilioFixtures.account(ACCOUNT_SID))));
        StepVerifier.create(client.fetchAccount(creds)).expectNextCount(1).verifyComplete();
        twilio.verify(3, getRequestedFor(urlEqualTo(url)));
    }

    @Test
    void transientErrorsGiveUpAfterTheRetries() {
        twilio.stubFor(get(urlEqualTo(BASE + ".json")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withBody(TwilioFixtures.error(503, 20503, "Service Unavailable"))));
        StepVerifier.create(client.fetchAccount(creds))
                .expectErrorSatisfies(e -> assertThat(((TwilioException) e).transient_()).isTrue())
                .verify(T);
        twilio.verify(3, getRequestedFor(urlEqualTo(BASE + ".json")));
    }

    @Test
    void aNumbersWebhooksArePointedWithPost() {
        String url = BASE + "/IncomingPhoneNumbers/" + NUMBER_SID + ".json";
        twilio.stubFor(post(urlEqualTo(url)).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(TwilioFixtures.number(ACCOUNT_SID, NUMBER_SID, "+15551230000"))));
        StepVerifier.create(client.configureNumber(creds, NUMBER_SID, "https://ariadne.example/twilio/voice",
                "https://ariadne.example/twilio/status")).verifyComplete();
        twilio.verify(postRequestedFor(urlEqualTo(url))
                .withRequestBody(containing("VoiceUrl=https%3A%2F%2Fariadne.example%2Ftwilio%2Fvoice"))
                .withRequestBody(containing("VoiceMethod=POST"))
                .withRequestBody(containing("StatusCallback=https%3A%2F%2Fariadne.example%2Ftwilio%2Fstatus")));
    }

    @Test
    void aCallIsCreatedWithItsTwimlAndStatusCallbackAndEndedWithStatusCompleted() {
        twilio.stubFor(post(urlEqualTo(BASE + "/Calls.json")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody(TwilioFixtures.call(ACCOUNT_SID, CALL_SID, "+15557654321", "+15551230000", "queued"))));
        twilio.stubFor(post(urlEqualTo(BASE + "/Calls/" + CALL_SID + ".json")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(TwilioFixtures.call(ACCOUNT_SID, CALL_SID, "+15557654321", "+15551230000", "completed"))));
        String twiml = TwiMl.stream("wss://ariadne.example/twilio/media", "tok");
        StepVerifier.create(client.createCall(creds, "+15557654321", "+15551230000", twiml,
                        "https://ariadne.example/twilio/status", 30))
                .expectNext(CALL_SID)
                .verifyComplete();
        twilio.verify(postRequestedFor(urlEqualTo(BASE + "/Calls.json"))
                .withRequestBody(containing("To=%2B15557654321"))
                .withRequestBody(containing("From=%2B15551230000"))
                .withRequestBody(containing("Twiml=" + java.net.URLEncoder.encode(twiml, StandardCharsets.UTF_8)))
                .withRequestBody(containing("Timeout=30"))
                .withRequestBody(containing("StatusCallback=https%3A%2F%2Fariadne.example%2Ftwilio%2Fstatus")));
        StepVerifier.create(client.endCall(creds, CALL_SID)).verifyComplete();
        twilio.verify(postRequestedFor(urlEqualTo(BASE + "/Calls/" + CALL_SID + ".json"))
                .withRequestBody(equalTo("Status=completed")));
    }

    @Test
    void placingACallIsNotRetriedAfterA5xxSinceTwilioMayHavePlacedIt() {
        twilio.stubFor(post(urlEqualTo(BASE + "/Calls.json")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody(TwilioFixtures.error(500, 20500, "Internal Server Error"))));
        StepVerifier.create(client.createCall(creds, "+15557654321", "+15551230000", "<Response/>", "https://a.example/s", 30))
                .expectErrorSatisfies(e -> assertThat(((TwilioException) e).status()).isEqualTo(500))
                .verify(T);
        twilio.verify(1, postRequestedFor(urlEqualTo(BASE + "/Calls.json")));
    }

    @Test
    void placingACallIsRetriedAfterA429() {
        String url = BASE + "/Calls.json";
        twilio.stubFor(post(urlEqualTo(url)).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withBody(TwilioFixtures.error(429, 20429, "Too Many Requests")))
                .willSetStateTo("ok"));
        twilio.stubFor(post(urlEqualTo(url)).inScenario("limited").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(TwilioFixtures.call(ACCOUNT_SID, CALL_SID, "+15557654321", "+15551230000", "queued"))));
        StepVerifier.create(client.createCall(creds, "+15557654321", "+15551230000", "<Response/>", "https://a.example/s", 30))
                .expectNext(CALL_SID)
                .verifyComplete();
        twilio.verify(2, postRequestedFor(urlEqualTo(url)));
    }

    @Test
    void theTwimlIsTwiliosConnectStreamWithTheTokenAsAParameter() {
        assertThat(TwiMl.stream("wss://ariadne.example/twilio/media", "abc"))
                .contains("<Connect><Stream url=\"wss://ariadne.example/twilio/media\">")
                .contains("<Parameter name=\"ariadneToken\" value=\"abc\"/>");
        assertThat(TwiMl.reject("busy")).contains("<Reject reason=\"busy\"/>");
        assertThat(TwiMl.dial("+15557654321")).contains("<Dial><Number>+15557654321</Number></Dial>");
        assertThat(TwiMl.dial("sip:alice@example.com")).contains("<Dial><Sip>sip:alice@example.com</Sip></Dial>");
    }
}
