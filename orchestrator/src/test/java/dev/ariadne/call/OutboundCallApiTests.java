package dev.ariadne.call;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code POST /api/v1/calls} against real data, call control off: every bad request is named field by field and
 * dials nothing; a good one gets as far as call control (503 here; the e2e tests dial for real).
 */
@ApiTest
class OutboundCallApiTests {

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient db;

    @Autowired
    CallIntake intake;

    Api api;
    String key;
    String trunk;
    String agent;
    String from;

    @BeforeEach
    void setUp() {
        api = new Api(web);
        key = api.tenant("pro");
        trunk = api.trunk(key, "out");
        agent = api.agent(key, "a");
        from = "+1555" + (1000000 + (int) (Math.random() * 8999999));
        api.create(key, "/api/v1/numbers", Map.of("e164", from, "trunkId", trunk, "agentId", agent));
    }

    Map<String, Object> body(String to) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("to", to);
        b.put("from", from);
        return b;
    }

    WebTestClient.BodyContentSpec place(Map<String, Object> body, int status) {
        return api.post(key, "/api/v1/calls", body).expectStatus().isEqualTo(status).expectBody();
    }

    @Test
    void malformedFieldsAreNamedEachWithItsReason() {
        Map<String, Object> b = body("tomorrow");
        b.put("from", "5550001");
        b.put("ringTimeoutSeconds", 300);
        b.put("colour", "blue");
        place(b, 400)
                .jsonPath("$.type").isEqualTo("https://ariadne.dev/problems/invalid-request")
                .jsonPath("$.errors[?(@.field == 'to')].reason").exists()
                .jsonPath("$.errors[?(@.field == 'from')].reason").exists()
                .jsonPath("$.errors[?(@.field == 'ringTimeoutSeconds')].reason").exists()
                .jsonPath("$.errors[?(@.field == 'colour')].reason").isEqualTo("is not a known field");
    }

    @Test
    void anotherTenantsNumberAgentOrTrunkIsRefusedByField() {
        String other = api.tenant("pro");
        String otherTrunk = api.trunk(other, "theirs");
        String otherAgent = api.agent(other, "theirs");
        String theirNumber = "+1444" + (1000000 + (int) (Math.random() * 8999999));
        api.create(other, "/api/v1/numbers", Map.of("e164", theirNumber, "trunkId", otherTrunk, "agentId", otherAgent));

        Map<String, Object> b = body("+15557654321");
        b.put("from", theirNumber);
        b.put("agentId", otherAgent);
        b.put("trunkId", otherTrunk);
        place(b, 400)
                .jsonPath("$.errors[?(@.field == 'from')].reason").isEqualTo("is not one of this tenant's numbers")
                .jsonPath("$.errors[?(@.field == 'agentId')].reason").isEqualTo("is not one of this tenant's agents")
                .jsonPath("$.errors[?(@.field == 'trunkId')].reason").isEqualTo("is not one of this tenant's trunks");
    }

    @Test
    void aPinnedTrunkThatIsDisabledOrInboundOnlyIsRefused() {
        api.patch(key, "/api/v1/trunks/" + trunk, Map.of("direction", "inbound")).expectStatus().isOk();
        Map<String, Object> b = body("+15557654321");
        b.put("trunkId", trunk);
        place(b, 400).jsonPath("$.errors[0].reason").value(r -> org.assertj.core.api.Assertions.assertThat((String) r)
                .contains("takes no outbound calls"));
        api.patch(key, "/api/v1/trunks/" + trunk, Map.of("direction", "both", "enabled", false)).expectStatus().isOk();
        place(b, 400).jsonPath("$.errors[0].reason").value(r -> org.assertj.core.api.Assertions.assertThat((String) r)
                .contains("is disabled"));
        // Unpinned, the tenant has no trunk that may carry the call at all.
        place(body("+15557654321"), 409).jsonPath("$.detail").value(d -> org.assertj.core.api.Assertions.assertThat((String) d)
                .contains("no enabled trunk"));
    }

    @Test
    void aSipUriIsDialledOnlyThroughTheTrunkOfItsHost() {
        place(body("sip:alice@elsewhere.example"), 400)
                .jsonPath("$.errors[0].field").isEqualTo("to")
                .jsonPath("$.errors[0].reason").value(r -> org.assertj.core.api.Assertions.assertThat((String) r)
                        .contains("elsewhere.example", "sip.carrier.example"));
    }

    @Test
    void whenEveryTrunkIsUnreachableTheProblemSaysWhichAndWhy() {
        db.sql("UPDATE ariadne.trunks SET health_status = 'unreachable', health_detail = 'the carrier does not answer OPTIONS'"
                        + " WHERE id = CAST(:id AS uuid)")
                .bind("id", trunk).fetch().rowsUpdated().block();
        place(body("+15557654321"), 503)
                .jsonPath("$.type").isEqualTo("https://ariadne.dev/problems/unavailable")
                .jsonPath("$.detail").value(d -> org.assertj.core.api.Assertions.assertThat((String) d)
                        .contains("trunk 'out' is unreachable", "does not answer OPTIONS"));
    }

    @Test
    void aGoodRequestReachesCallControlWhichIsOffHere() {
        place(body("15557654321"), 503).jsonPath("$.detail").isEqualTo("call control is off (ariadne.ari.enabled=false)");
        api.get(key, "/api/v1/calls").expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(0);
    }

    @Test
    void aNodeThatIsDrainingRefusesNewCallsWithRetryAfterAndDialsNothing() {
        intake.refuse();
        try {
            api.post(key, "/api/v1/calls", body("+15557654321")).expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "1")
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("https://ariadne.dev/problems/draining")
                    .jsonPath("$.detail").value(d -> org.assertj.core.api.Assertions.assertThat((String) d)
                            .contains("shutting down"));
        } finally {
            intake.accept();
        }
        api.get(key, "/api/v1/calls").expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(0);
    }

    @Test
    void aMalformedIdempotencyKeyIsNamed() {
        web.post().uri("/api/v1/calls").header("Authorization", "Bearer " + key).header("Idempotency-Key", "has space")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body("+15557654321"))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
    }

    @Test
    void theCallStatusFilterKnowsTheOutboundStatuses() {
        for (String status : List.of("dialing", "ringing", "canceled")) {
            api.get(key, "/api/v1/calls?status=" + status).expectStatus().isOk();
        }
    }
}
