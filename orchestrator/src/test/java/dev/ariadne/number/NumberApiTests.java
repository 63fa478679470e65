package dev.ariadne.number;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

@ApiTest
class NumberApiTests {
    @Autowired
    WebTestClient web;

    Api api;
    String key;
    String trunk;
    String agent;

    @BeforeEach
    void setUp() {
        api = new Api(web);
        key = api.tenant("pro");
        trunk = api.trunk(key, "t");
        agent = api.agent(key, "a");
    }

    static String randomE164() {
        return "+1555" + String.format("%07d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 10_000_000L));
    }

    @Test
    void numberIsCreatedReadListedUpdatedAndDeleted() {
        String e164 = randomE164();
        String id = api.create(key, "/api/v1/numbers", Map.of("e164", e164, "trunkId", trunk, "agentId", agent));
        api.get(key, "/api/v1/numbers/" + id).expectStatus().isOk().expectBody()
                .jsonPath("$.e164").isEqualTo(e164)
                .jsonPath("$.trunkId").isEqualTo(trunk)
                .jsonPath("$.agentId").isEqualTo(agent);
        api.get(key, "/api/v1/numbers?size=10").expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(1)
                .jsonPath("$.items[0].id").isEqualTo(id);
        String agent2 = api.agent(key, "a2");
        api.patch(key, "/api/v1/numbers/" + id, Map.of("agentId", agent2)).expectStatus().isOk().expectBody()
                .jsonPath("$.agentId").isEqualTo(agent2)
                .jsonPath("$.e164").isEqualTo(e164);
        String other = randomE164();
        api.put(key, "/api/v1/numbers/" + id, Map.of("e164", other, "trunkId", trunk, "agentId", agent))
                .expectStatus().isOk().expectBody().jsonPath("$.e164").isEqualTo(other);
        api.delete(key, "/api/v1/numbers/" + id).expectStatus().isNoContent();
        api.get(key, "/api/v1/numbers/" + id).expectStatus().isNotFound();
    }

    @Test
    void invalidNumberNamesEveryField() {
        api.post(key, "/api/v1/numbers", Map.of("e164", "555-1234", "trunkId", "not-a-uuid"))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'trunkId')].reason").isEqualTo(List.of("must be a UUID"));
        api.post(key, "/api/v1/numbers", Map.of("e164", "555-1234"))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'e164')].reason")
                .isEqualTo(List.of("must be an E.164 number: '+', country code, 2 to 15 digits"))
                .jsonPath("$.errors[?(@.field == 'trunkId')].reason").isEqualTo(List.of("is required"))
                .jsonPath("$.errors[?(@.field == 'agentId')].reason").isEqualTo(List.of("is required"));
    }

    @Test
    void duplicateNumberIsConflictEvenAcrossTenants() {
        String e164 = randomE164();
        api.create(key, "/api/v1/numbers", Map.of("e164", e164, "trunkId", trunk, "agentId", agent));
        api.post(key, "/api/v1/numbers", Map.of("e164", e164, "trunkId", trunk, "agentId", agent))
                .expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.detail").isEqualTo("number " + e164 + " is already registered");
        String b = api.tenant("pro");
        api.post(b, "/api/v1/numbers", Map.of("e164", e164, "trunkId", api.trunk(b, "bt"), "agentId", api.agent(b, "ba")))
                .expectStatus().isEqualTo(409);
    }

    @Test
    void anotherTenantCannotPointItsNumberAtThisTenantsTrunkOrAgent() {
        String b = api.tenant("pro");
        String bTrunk = api.trunk(b, "bt");
        String bAgent = api.agent(b, "ba");
        api.post(b, "/api/v1/numbers", Map.of("e164", randomE164(), "trunkId", trunk, "agentId", bAgent))
                .expectStatus().isNotFound().expectBody().jsonPath("$.detail").isEqualTo("trunk " + trunk + " not found");
        api.post(b, "/api/v1/numbers", Map.of("e164", randomE164(), "trunkId", bTrunk, "agentId", agent))
                .expectStatus().isNotFound().expectBody().jsonPath("$.detail").isEqualTo("agent " + agent + " not found");
        String bNumber = api.create(b, "/api/v1/numbers", Map.of("e164", randomE164(), "trunkId", bTrunk, "agentId", bAgent));
        api.patch(b, "/api/v1/numbers/" + bNumber, Map.of("trunkId", trunk)).expectStatus().isNotFound();
        // And this tenant cannot see or touch the other's number.
        api.get(key, "/api/v1/numbers/" + bNumber).expectStatus().isNotFound();
        api.delete(key, "/api/v1/numbers/" + bNumber).expectStatus().isNotFound();
    }

    @Test
    void trunkOrAgentInUseByANumberCannotBeDeleted() {
        api.create(key, "/api/v1/numbers", Map.of("e164", randomE164(), "trunkId", trunk, "agentId", agent));
        api.delete(key, "/api/v1/trunks/" + trunk).expectStatus().isEqualTo(409);
        api.delete(key, "/api/v1/agents/" + agent).expectStatus().isEqualTo(409);
        api.get(key, "/api/v1/trunks/" + trunk).expectStatus().isOk();
    }
}
