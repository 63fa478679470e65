package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A trunk with register=true registers at the carrier, which challenges it with digest auth. */
@E2eTest
class RegistrationE2eTests {
    private final E2eStack stack;

    RegistrationE2eTests(E2eStack stack) {
        this.stack = stack;
    }

    @Test
    void trunkWithRegisterTrueRegistersAtTheCarrierWhichChallengesIt() throws Exception {
        Api api = stack.api();
        Carrier carrier = stack.carrier();
        assertThat(carrier.hasContact(E2eStack.CARRIER_TRUNK_USER)).as("no registration before the trunk").isFalse();
        String key = api.tenant("registering");
        Map<String, Object> body = Api.carrierTrunk("registering", stack.carrierSipPort(), List.of("192.0.2.88"));
        body.put("register", true);

        long t0 = System.nanoTime();
        Map<String, Object> trunk = api.trunk(key, body);
        Duration elapsed = null;
        long deadline = t0 + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (carrier.hasContact(E2eStack.CARRIER_TRUNK_USER)) {
                elapsed = Duration.ofNanos(System.nanoTime() - t0);
                break;
            }
            Thread.sleep(50);
        }
        try {
            System.out.println("registration at the carrier after " + (elapsed == null ? "(none within 10 s)"
                    : elapsed.toMillis() + " ms"));
            // The figure is printed (issue target: 2 s); the test only requires the registration to happen.
            assertThat(elapsed).as("the carrier's contact within 10 s of the trunk's creation").isNotNull();
            String registrations = stack.ariadneAsterisk().cli("pjsip show registrations");
            assertThat(registrations).contains((String) trunk.get("endpointId")).contains("Registered");
            Map<String, Object> reg = awaitRegistration(api, key, (String) trunk.get("id"), "registered");
            assertThat(reg.get("sipStatus")).isNull();
            assertThat(reg.get("changedAt")).isNotNull();
        } finally {
            api.delete(key, "/api/v1/trunks/" + trunk.get("id"));
        }
    }

    @Test
    void aWrongPasswordShowsRejectedWithTheCarriersStatusAndValidateSaysAuthFailed() {
        Api api = stack.api();
        String key = api.tenant("rejected");
        Map<String, Object> body = Api.carrierTrunk("rejected", stack.carrierSipPort(), List.of("192.0.2.89"));
        body.put("register", true);
        body.put("password", "wrong-" + E2eStack.CARRIER_TRUNK_PASSWORD);
        long t0 = System.nanoTime();
        Map<String, Object> trunk = api.trunk(key, body);
        try {
            Map<String, Object> reg = awaitRegistration(api, key, (String) trunk.get("id"), "rejected");
            System.out.println("registration state rejected after " + (System.nanoTime() - t0) / 1_000_000 + " ms: "
                    + reg);
            assertThat((Integer) reg.get("sipStatus")).isIn(401, 403);
            assertThat((String) reg.get("detail")).containsIgnoringCase("password");
            assertThat(carrierHasNoContact()).as("nothing registered with the wrong password").isTrue();

            Map<String, Object> report = api.web().post().uri("/api/v1/trunks/validate")
                    .header("Authorization", "Bearer " + key).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange().expectStatus().isOk()
                    .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {}).returnResult()
                    .getResponseBody();
            @SuppressWarnings("unchecked")
            Map<String, Object> check = (Map<String, Object>) report.get("registration");
            assertThat(check.get("result")).isEqualTo("auth_failed");
            assertThat(report.get("hints").toString()).containsIgnoringCase("password");
        } finally {
            api.delete(key, "/api/v1/trunks/" + trunk.get("id"));
        }
    }

    private boolean carrierHasNoContact() {
        return !stack.carrier().hasContact(E2eStack.CARRIER_TRUNK_USER);
    }

    /** The trunk's registration once its status is {@code status}, within 10 s. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitRegistration(Api api, String key, String trunkId, String status) {
        Map<String, Object>[] last = new Map[1];
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    last[0] = (Map<String, Object>) api.get(key, "/api/v1/trunks/" + trunkId).get("registration");
                    assertThat(last[0]).as("registration").isNotNull();
                    assertThat(last[0].get("status")).isEqualTo(status);
                });
        return last[0];
    }
}
