package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;

/**
 * {@code POST /api/v1/trunks/validate} and {@code /health-check} against the carrier's real Asterisk, which answers
 * OPTIONS and challenges REGISTER with digest auth: the right password registers, a wrong one is {@code auth_failed}
 * with a hint, and a port where nothing listens is refused.
 */
@E2eTest
class TrunkCheckE2eTests {
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};
    private final E2eStack stack;

    TrunkCheckE2eTests(E2eStack stack) {
        this.stack = stack;
    }

    @Test
    void theRightPasswordRegistersAndTheCarrierIsReachable() {
        Api api = stack.api();
        String key = api.tenant("check-ok");
        Map<String, Object> report = validate(key, Api.carrierTrunk("ok", stack.carrierSipPort(), List.of("192.0.2.77")));

        assertThat(report.get("reachable")).isEqualTo(true);
        assertThat(((Number) report.get("roundTripMs")).doubleValue()).isPositive();
        assertThat(report.get("resolved")).isEqualTo(List.of("127.0.0.1"));
        // The carrier's Asterisk challenges even OPTIONS from Ariadne's address: any answer proves a SIP server.
        assertThat(map(report, "options")).containsEntry("result", "ok").containsKey("sipStatus");
        assertThat(map(report, "registration")).containsEntry("result", "ok").containsEntry("sipStatus", 200)
                .containsEntry("challenged", true);
        assertThat(report.get("ok")).isEqualTo(true);
        assertThat(report.toString()).doesNotContain(E2eStack.CARRIER_TRUNK_PASSWORD);
        assertThat(api.get(key, "/api/v1/trunks").get("total")).as("nothing saved").isEqualTo(0);
    }

    @Test
    void aWrongPasswordIsAuthFailedWithAHint() {
        Api api = stack.api();
        String key = api.tenant("check-wrong");
        Map<String, Object> body = Api.carrierTrunk("wrong", stack.carrierSipPort(), List.of("192.0.2.77"));
        body.put("password", "not-the-password");
        Map<String, Object> report = validate(key, body);

        assertThat(report.get("reachable")).isEqualTo(true);
        Map<String, Object> reg = map(report, "registration");
        assertThat(reg.get("result")).isEqualTo("auth_failed");
        assertThat((Integer) reg.get("sipStatus")).isIn(401, 403);
        assertThat(reg.get("challenged")).isEqualTo(true);
        assertThat(report.get("ok")).isEqualTo(false);
        assertThat(String.join(" ", strings(report, "hints"))).containsIgnoringCase("password");
        assertThat(report.toString()).doesNotContain("not-the-password");
    }

    @Test
    void aPortWhereNothingListensIsRefused() throws Exception {
        Api api = stack.api();
        String key = api.tenant("check-closed");
        int closed;
        try (DatagramSocket s = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // free once closed: the ICMP port unreachable answers the OPTIONS
        }
        Map<String, Object> report = validate(key, Api.carrierTrunk("closed", closed, List.of("192.0.2.77")));

        assertThat(report.get("reachable")).isEqualTo(false);
        assertThat(map(report, "options").get("result")).isEqualTo("refused");
        assertThat(map(report, "registration").get("result")).isEqualTo("not_tried");
        assertThat(String.join(" ", strings(report, "hints"))).contains("Nothing listens on UDP port " + closed);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aHealthCheckReachesAStoredTrunkWithItsStoredCredentials() {
        Api api = stack.api();
        String key = api.tenant("check-stored");
        Map<String, Object> trunk = api.trunk(key, Api.carrierTrunk("stored", stack.carrierSipPort(), List.of("192.0.2.77")));
        try {
            Map<String, Object> report = stack.api().web().post()
                    .uri("/api/v1/trunks/" + trunk.get("id") + "/health-check")
                    .header("Authorization", "Bearer " + key).exchange()
                    .expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
            assertThat(report.get("reachable")).isEqualTo(true);
            assertThat(report.get("asteriskQualified")).as("Asterisk asked to qualify the trunk now (AMI PJSIPQualify)")
                    .isEqualTo(true);
            assertThat(map(report, "registration").get("result")).as("the stored password answers the challenge")
                    .isEqualTo("ok");
            // And the trunk's own health, from Asterisk's qualify, carries that qualify's round trip (read over AMI).
            Map<String, Object>[] health = new Map[1];
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
                health[0] = map(api.get(key, "/api/v1/trunks/" + trunk.get("id")), "health");
                assertThat(health[0].get("status")).isEqualTo("reachable");
                assertThat(health[0].get("roundTripMs")).isNotNull();
            });
            System.out.println("stored trunk's health: " + health[0]);
            assertThat(((Number) health[0].get("roundTripMs")).doubleValue()).isPositive();
        } finally {
            api.delete(key, "/api/v1/trunks/" + trunk.get("id"));
        }
    }

    private Map<String, Object> validate(String key, Map<String, Object> body) {
        Map<String, Object> report = stack.api().web().post().uri("/api/v1/trunks/validate")
                .header("Authorization", "Bearer " + key).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk().expectBody(MAP).returnResult().getResponseBody();
        System.out.println("validate " + body.get("name") + ": " + report);
        return report;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Map<String, Object> m, String key) {
        return (List<String>) m.get(key);
    }
}
