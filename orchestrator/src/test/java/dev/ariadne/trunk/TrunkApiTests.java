package dev.ariadne.trunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@ApiTest
class TrunkApiTests {
    @Autowired
    WebTestClient web;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(web);
    }

    @Test
    void createdTrunkIsReturnedWithIdAndStatusButNeverItsPassword() {
        String key = api.tenant("pro");
        String body = api.post(key, "/api/v1/trunks", Api.trunkBody("carrier-a"))
                .expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).doesNotContain("Tr0unk-S3cret-xyz").doesNotContain("\"password\"");
        String id = api.create(key, "/api/v1/trunks", Api.trunkBody("carrier-b"));
        api.get(key, "/api/v1/trunks/" + id).expectStatus().isOk().expectBody()
                .jsonPath("$.id").isEqualTo(id)
                .jsonPath("$.name").isEqualTo("carrier-b")
                .jsonPath("$.passwordSet").isEqualTo(true)
                .jsonPath("$.password").doesNotExist()
                .jsonPath("$.codecs").isEqualTo(List.of("ulaw", "g722"))
                .jsonPath("$.allowedIps").isEqualTo(List.of("203.0.113.10", "198.51.100.0/24"))
                .jsonPath("$.provisioning.status").isEqualTo("pending")
                .jsonPath("$.health.status").isEqualTo("unknown")
                .jsonPath("$.endpointId").value(e -> assertThat((String) e).hasSizeLessThanOrEqualTo(40));
    }

    @Test
    void aTrunksPriceIsSetChangedClearedAndRefusedWhenNegativeOrTooPrecise() {
        String key = api.tenant("pro");
        String id = api.create(key, "/api/v1/trunks", Api.trunkBody("priced"));
        api.get(key, "/api/v1/trunks/" + id).expectStatus().isOk().expectBody().jsonPath("$.costPerMinute").doesNotExist();
        api.patch(key, "/api/v1/trunks/" + id, Map.of("costPerMinute", 0.0125)).expectStatus().isOk().expectBody()
                .jsonPath("$.costPerMinute").isEqualTo(0.0125);
        api.patch(key, "/api/v1/trunks/" + id, Map.of("name", "renamed")).expectStatus().isOk().expectBody()
                .jsonPath("$.costPerMinute").isEqualTo(0.0125);
        api.patch(key, "/api/v1/trunks/" + id, Map.of("costPerMinute", -1)).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("costPerMinute")
                .jsonPath("$.errors[0].reason").isEqualTo("must be 0 or more (the price of a billed minute)");
        api.patch(key, "/api/v1/trunks/" + id, Map.of("costPerMinute", 0.00000001)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("costPerMinute");
        api.patch(key, "/api/v1/trunks/" + id, Map.of("costPerMinute", "cheap")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].reason").isEqualTo("must be a number");
        // A raw body: the test client's JSON writer leaves null fields out.
        api.patch(key, "/api/v1/trunks/" + id, "{\"costPerMinute\": null}").expectStatus().isOk().expectBody()
                .jsonPath("$.costPerMinute").doesNotExist();
    }

    @Test
    void defaultsApplyToOptionalFields() {
        String key = api.tenant("pro");
        api.post(key, "/api/v1/trunks", Map.of("name", "minimal", "host", "10.0.0.1", "allowedIps", List.of("10.0.0.1")))
                .expectStatus().isCreated().expectBody()
                .jsonPath("$.direction").isEqualTo("both")
                .jsonPath("$.port").isEqualTo(5060)
                .jsonPath("$.transport").isEqualTo("udp")
                .jsonPath("$.codecs").isEqualTo(List.of("ulaw", "alaw"))
                .jsonPath("$.dtmfMode").isEqualTo("rfc4733")
                .jsonPath("$.mediaEncryption").isEqualTo("none")
                .jsonPath("$.maxConcurrentCalls").isEqualTo(10)
                .jsonPath("$.register").isEqualTo(false)
                .jsonPath("$.enabled").isEqualTo(true)
                .jsonPath("$.passwordSet").isEqualTo(false);
    }

    @Test
    void invalidTrunkNamesEveryInvalidFieldAndWhy() {
        String key = api.tenant("pro");
        Map<String, Object> bad = Api.trunkBody("ok");
        bad.put("name", "");
        bad.put("direction", "sideways");
        bad.put("host", "sip://bad host");
        bad.put("port", 70000);
        bad.put("transport", "sctp");
        bad.put("allowedIps", List.of("10.0.0.300", "10.0.0.0/33"));
        bad.put("codecs", List.of("ulaw", "gsm"));
        bad.put("dtmfMode", "pulse");
        bad.put("mediaEncryption", "zrtp");
        bad.put("priority", -1);
        api.post(key, "/api/v1/trunks", bad)
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://ariadne.dev/problems/invalid-request")
                .jsonPath("$.errors[*].field").value(f -> assertThat((List<String>) f).contains(
                        "name", "direction", "host", "port", "transport", "allowedIps[0]", "allowedIps[1]",
                        "codecs[1]", "dtmfMode", "mediaEncryption", "priority"))
                .jsonPath("$.errors[?(@.field == 'port')].reason").isEqualTo(List.of("must be between 1 and 65535"))
                .jsonPath("$.errors[?(@.field == 'codecs[1]')].reason")
                .isEqualTo(List.of("must be one of ulaw, alaw, g722, opus"));
    }

    @Test
    void wrongTypesAndUnknownFieldsAreNamed() {
        String key = api.tenant("pro");
        api.post(key, "/api/v1/trunks", Map.of("name", "x", "host", "h.example", "port", "5060", "register", "yes",
                        "codecs", "ulaw", "pasword", "oops"))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'port')].reason").isEqualTo(List.of("must be an integer"))
                .jsonPath("$.errors[?(@.field == 'register')].reason").isEqualTo(List.of("must be true or false"))
                .jsonPath("$.errors[?(@.field == 'codecs')].reason").isEqualTo(List.of("must be an array of strings"))
                .jsonPath("$.errors[?(@.field == 'pasword')].reason").isEqualTo(List.of("is not a known field"))
                .jsonPath("$.detail").value(d -> assertThat((String) d).doesNotContain("oops"));
        api.web().post().uri("/api/v1/trunks").header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{not json").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void inboundTrunkNeedsAllowedIpsOrRegistrationAndRegistrationNeedsUsername() {
        String key = api.tenant("pro");
        api.post(key, "/api/v1/trunks", Map.of("name", "x", "host", "h.example", "direction", "inbound"))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'allowedIps')].reason").isEqualTo(List.of(
                        "an inbound trunk needs allowedIps (the carrier's addresses) or register=true"));
        api.post(key, "/api/v1/trunks", Map.of("name", "x", "host", "h.example", "register", true))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'username')].reason").isEqualTo(List.of("is required when register is true"));
        api.post(key, "/api/v1/trunks", Map.of("name", "x", "host", "h.example", "direction", "outbound",
                        "mediaEncryption", "sdes"))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'mediaEncryption')].reason")
                .isEqualTo(List.of("sdes requires transport tls: its keys travel in the SDP"));
    }

    @Test
    void duplicateNameIsConflict() {
        String key = api.tenant("pro");
        api.trunk(key, "dup");
        api.post(key, "/api/v1/trunks", Api.trunkBody("dup")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://ariadne.dev/problems/conflict")
                .jsonPath("$.detail").isEqualTo("a trunk named 'dup' already exists");
        // Another tenant may use the same name.
        api.trunk(api.tenant("pro"), "dup");
    }

    @Test
    void tierLimitsRefuseExtraTrunksAndTooManyCallsNamingTheLimit() {
        String key = api.tenant("free");
        Map<String, Object> first = Api.trunkBody("first");
        first.put("maxConcurrentCalls", 3);
        api.post(key, "/api/v1/trunks", first).expectStatus().isForbidden().expectBody()
                .jsonPath("$.type").isEqualTo("https://ariadne.dev/problems/limit-exceeded")
                .jsonPath("$.detail").isEqualTo(
                        "maxConcurrentCalls 3 exceeds tier free's limit of 2 concurrent calls");
        api.trunk(key, "first");
        api.post(key, "/api/v1/trunks", Api.trunkBody("second")).expectStatus().isForbidden().expectBody()
                .jsonPath("$.detail").isEqualTo("tier free allows 1 trunk(s); this tenant has 1");
    }

    @Test
    void listIsPaginatedAndScopedToTheTenant() {
        String key = api.tenant("pro");
        for (int i = 0; i < 3; i++) {
            api.trunk(key, "t" + i);
        }
        api.trunk(api.tenant("pro"), "other-tenant");
        api.get(key, "/api/v1/trunks?page=0&size=2").expectStatus().isOk().expectBody()
                .jsonPath("$.items.length()").isEqualTo(2)
                .jsonPath("$.total").isEqualTo(3)
                .jsonPath("$.size").isEqualTo(2);
        api.get(key, "/api/v1/trunks?page=1&size=2").expectStatus().isOk().expectBody()
                .jsonPath("$.items.length()").isEqualTo(1);
        api.get(key, "/api/v1/trunks?size=0").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("size");
    }

    @Test
    void putReplacesPatchMergesAndAMissingPasswordIsKept() {
        String key = api.tenant("pro");
        String id = api.trunk(key, "t");
        Map<String, Object> replacement = Api.trunkBody("t-renamed");
        replacement.remove("password");
        replacement.put("codecs", List.of("opus"));
        api.put(key, "/api/v1/trunks/" + id, replacement).expectStatus().isOk().expectBody()
                .jsonPath("$.name").isEqualTo("t-renamed")
                .jsonPath("$.codecs").isEqualTo(List.of("opus"))
                .jsonPath("$.passwordSet").isEqualTo(true);
        api.patch(key, "/api/v1/trunks/" + id, Map.of("port", 5080, "enabled", false)).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.port").isEqualTo(5080)
                .jsonPath("$.enabled").isEqualTo(false)
                .jsonPath("$.name").isEqualTo("t-renamed")
                .jsonPath("$.codecs").isEqualTo(List.of("opus"));
        api.patch(key, "/api/v1/trunks/" + id, Map.of("port", 0)).expectStatus().isBadRequest();
        api.patch(key, "/api/v1/trunks/" + id, Map.of("nope", 1)).expectStatus().isBadRequest();
    }

    @Test
    void deleteRemovesTheTrunk() {
        String key = api.tenant("pro");
        String id = api.trunk(key, "t");
        api.delete(key, "/api/v1/trunks/" + id).expectStatus().isNoContent();
        api.get(key, "/api/v1/trunks/" + id).expectStatus().isNotFound();
        api.delete(key, "/api/v1/trunks/" + id).expectStatus().isNotFound();
    }

    @Test
    void anotherTenantsTrunkIsNotFoundForEveryVerb() {
        String a = api.tenant("pro");
        String b = api.tenant("pro");
        String id = api.trunk(a, "a-trunk");
        String unknown = UUID.randomUUID().toString();
        for (String target : List.of(id, unknown)) {
            String uri = "/api/v1/trunks/" + target;
            api.get(b, uri).expectStatus().isNotFound().expectBody()
                    .jsonPath("$.detail").isEqualTo("trunk " + target + " not found");
            api.put(b, uri, Api.trunkBody("x")).expectStatus().isNotFound();
            api.patch(b, uri, Map.of("port", 5070)).expectStatus().isNotFound();
            api.delete(b, uri).expectStatus().isNotFound();
        }
        api.get(a, "/api/v1/trunks/" + id).expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("a-trunk");
    }

    @Test
    void failoverTrunkMustBeTheTenantsOwnAndNotItself() {
        String a = api.tenant("pro");
        String b = api.tenant("pro");
        String aTrunk = api.trunk(a, "a1");
        String bTrunk = api.trunk(b, "b1");
        Map<String, Object> body = Api.trunkBody("b2");
        body.put("failoverTrunkId", aTrunk);
        api.post(b, "/api/v1/trunks", body).expectStatus().isNotFound();
        body.put("failoverTrunkId", bTrunk);
        api.post(b, "/api/v1/trunks", body).expectStatus().isCreated().expectBody()
                .jsonPath("$.failoverTrunkId").isEqualTo(bTrunk);
        api.patch(b, "/api/v1/trunks/" + bTrunk, Map.of("failoverTrunkId", bTrunk)).expectStatus().isBadRequest();
    }
}
