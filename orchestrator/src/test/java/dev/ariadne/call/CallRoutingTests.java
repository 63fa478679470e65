package dev.ariadne.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

/** Routing of inbound calls against real data: trunk -> tenant, DID -> number -> agent, no cross-tenant. */
@ApiTest
class CallRoutingTests {
    static final Duration T = Duration.ofSeconds(10);

    @Autowired
    WebTestClient web;

    @Autowired
    CallRouter router;

    Api api;
    String key;
    Map<?, ?> trunk;
    String agent;
    String e164;

    @BeforeEach
    void setUp() {
        api = new Api(web);
        key = api.tenant("pro");
        trunk = api.post(key, "/api/v1/trunks", Map.of("name", "t", "host", "192.0.2.1", "allowedIps", List.of("192.0.2.1")))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        agent = api.agent(key, "a");
        e164 = "+1555" + (1000000 + (int) (Math.random() * 8999999));
        api.create(key, "/api/v1/numbers", Map.of("e164", e164, "trunkId", trunk.get("id"), "agentId", agent));
    }

    String endpoint() {
        return (String) trunk.get("endpointId");
    }

    @Test
    void tenantsOwnNumberOnItsTrunkIsAcceptedWithItsAgentWhateverTheDialledForm() {
        for (String dialled : List.of(e164, e164.substring(1), "00" + e164.substring(1))) {
            StepVerifier.create(router.route(endpoint(), dialled))
                    .assertNext(r -> {
                        assertThat(r).isInstanceOf(Route.Accepted.class);
                        Route.Accepted a = (Route.Accepted) r;
                        assertThat(a.e164()).isEqualTo(e164);
                        assertThat(a.agent().id().toString()).isEqualTo(agent);
                        assertThat(a.tenantCallLimit()).isEqualTo(10);
                    })
                    .expectComplete()
                    .verify(T);
        }
    }

    @Test
    void unknownNumberIsRejectedAsUnallocatedWithTheReason() {
        StepVerifier.create(router.route(endpoint(), "+15550000000"))
                .assertNext(r -> assertThat(r).isEqualTo(new Route.Rejected("unallocated", 1, "unknown_number",
                        "number +15550000000 is not a number of this tenant",
                        ((Route.Rejected) r).tenantId(), ((Route.Rejected) r).trunkId())))
                .expectComplete()
                .verify(T);
    }

    @Test
    void anotherTenantsNumberCannotBeReachedThroughThisTrunk() {
        String other = api.tenant("pro");
        String otherTrunk = api.trunk(other, "ot");
        String otherNumber = "+1444" + (1000000 + (int) (Math.random() * 8999999));
        api.create(other, "/api/v1/numbers", Map.of("e164", otherNumber, "trunkId", otherTrunk, "agentId",
                api.agent(other, "oa")));
        StepVerifier.create(router.route(endpoint(), otherNumber))
                .assertNext(r -> {
                    Route.Rejected rej = (Route.Rejected) r;
                    assertThat(rej.cause()).isEqualTo("unknown_number");
                    assertThat(rej.hangupReason()).isEqualTo("unallocated");
                    assertThat(rej.trunkId().toString()).isEqualTo(trunk.get("id"));
                })
                .expectComplete()
                .verify(T);
    }

    @Test
    void unknownEndpointDisabledTrunkAndOutboundOnlyTrunkAreRejected() {
        StepVerifier.create(router.route("nope", e164))
                .assertNext(r -> assertThat(((Route.Rejected) r).cause()).isEqualTo("unknown_trunk"))
                .expectComplete().verify(T);
        api.patch(key, "/api/v1/trunks/" + trunk.get("id"), Map.of("enabled", false)).expectStatus().isOk();
        StepVerifier.create(router.route(endpoint(), e164))
                .assertNext(r -> assertThat(((Route.Rejected) r).cause()).isEqualTo("trunk_disabled"))
                .expectComplete().verify(T);
        api.patch(key, "/api/v1/trunks/" + trunk.get("id"), Map.of("enabled", true, "direction", "outbound"))
                .expectStatus().isOk();
        StepVerifier.create(router.route(endpoint(), e164))
                .assertNext(r -> assertThat(((Route.Rejected) r).cause()).isEqualTo("trunk_outbound_only"))
                .expectComplete().verify(T);
    }

    @Test
    void dialledTextThatIsNoNumberIsRejectedAsInvalid() {
        StepVerifier.create(router.route(endpoint(), "s"))
                .assertNext(r -> assertThat(((Route.Rejected) r).cause()).isEqualTo("invalid_number"))
                .expectComplete().verify(T);
    }
}
