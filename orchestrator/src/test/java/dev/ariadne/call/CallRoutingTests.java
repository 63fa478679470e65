package dev.ariadne.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Routing of inbound calls against real data: the dialled number names its trunk and tenant; the call gets in only
 * from an address that trunk allows or on its registration, whichever endpoint Asterisk identified it as.
 */
@ApiTest
class CallRoutingTests {
    static final Duration T = Duration.ofSeconds(10);
    static final String CARRIER = "192.0.2.1";

    @Autowired
    WebTestClient web;

    @Autowired
    CallRouter router;

    Api api;
    Tenant a;

    /** A tenant with one trunk (allowing the shared carrier's address), an agent and a number on the trunk. */
    record Tenant(String key, String trunkId, String endpointId, String agentId, String e164) {}

    @BeforeEach
    void setUp() {
        api = new Api(web);
        a = tenant(List.of("ulaw", "alaw"));
    }

    Tenant tenant(List<String> codecs) {
        String key = api.tenant("pro");
        Map<?, ?> trunk = trunk(key, "t", List.of(CARRIER), codecs, false);
        String agent = api.agent(key, "a");
        String e164 = randomE164();
        api.create(key, "/api/v1/numbers", Map.of("e164", e164, "trunkId", trunk.get("id"), "agentId", agent));
        return new Tenant(key, (String) trunk.get("id"), (String) trunk.get("endpointId"), agent, e164);
    }

    Map<?, ?> trunk(String key, String name, List<String> allowedIps, List<String> codecs, boolean register) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("host", "sip.carrier.example");
        body.put("allowedIps", allowedIps);
        body.put("codecs", codecs);
        if (register) {
            body.put("register", true);
            body.put("username", "acct-" + name);
            body.put("password", "Tr0unk-S3cret-xyz");
        }
        return api.post(key, "/api/v1/trunks", body).expectStatus().isCreated().expectBody(Map.class).returnResult()
                .getResponseBody();
    }

    String number(String key, Object trunkId, String agentId) {
        String e164 = randomE164();
        api.create(key, "/api/v1/numbers", Map.of("e164", e164, "trunkId", trunkId, "agentId", agentId));
        return e164;
    }

    static String randomE164() {
        return "+1555" + (1000000 + (int) (Math.random() * 8999999));
    }

    static InboundCall call(String endpoint, String dialled, String source) {
        return new InboundCall("ch-1", endpoint, dialled, null, source, "abc@" + CARRIER, "+15550100001");
    }

    Route route(InboundCall call) {
        return router.route(call).block(T);
    }

    static Route.Accepted accepted(Route r) {
        assertThat(r).isInstanceOf(Route.Accepted.class);
        return (Route.Accepted) r;
    }

    static Route.Rejected rejected(Route r) {
        assertThat(r).isInstanceOf(Route.Rejected.class);
        return (Route.Rejected) r;
    }

    @Test
    void tenantsOwnNumberFromItsTrunksAddressIsAcceptedWithItsAgentWhateverTheDialledForm() {
        for (String dialled : List.of(a.e164(), a.e164().substring(1), "00" + a.e164().substring(1))) {
            Route.Accepted r = accepted(route(call(a.endpointId(), dialled, CARRIER + ":5060")));
            assertThat(r.e164()).isEqualTo(a.e164());
            assertThat(r.trunk().id().toString()).isEqualTo(a.trunkId());
            assertThat(r.agent().id().toString()).isEqualTo(a.agentId());
            assertThat(r.tenantCallLimit()).isEqualTo(10);
        }
    }

    @Test
    void twoTenantsOnOneCarrierAddressEachGetTheirOwnNumbersWhicheverEndpointAsteriskPickedByAddress() {
        Tenant b = tenant(List.of("ulaw", "alaw"));
        // Asterisk's ip identifier takes any trunk allowing the address; the number decides.
        for (String endpoint : List.of(a.endpointId(), b.endpointId())) {
            assertThat(accepted(route(call(endpoint, b.e164(), CARRIER + ":5060"))).trunk().id().toString())
                    .isEqualTo(b.trunkId());
            assertThat(accepted(route(call(endpoint, a.e164(), CARRIER + ":5060"))).trunk().id().toString())
                    .isEqualTo(a.trunkId());
        }
    }

    @Test
    void aThirdTenantAllowingTheSameAddressWithoutNumbersChangesNothing() {
        String c = api.tenant("pro");
        Map<?, ?> intruder = trunk(c, "same-carrier", List.of(CARRIER), List.of("ulaw", "alaw"), false);
        Route.Accepted r = accepted(route(call((String) intruder.get("endpointId"), a.e164(), CARRIER + ":5060")));
        assertThat(r.trunk().id().toString()).isEqualTo(a.trunkId());
    }

    @Test
    void aCallIdentifiedAsAnEndpointWithOtherMediaSettingsIsRefusedForRetryNotCarriedOnTheWrongCodecs() {
        Tenant alawOnly = tenant(List.of("alaw"));
        Route.Rejected r = rejected(route(call(a.endpointId(), alawOnly.e164(), CARRIER + ":5060")));
        assertThat(r.cause()).isEqualTo("not_identified_by_number");
        assertThat(r.hangupReason()).isEqualTo("congestion");
        assertThat(r.causeCode()).isEqualTo(34);
        assertThat(r.trunkId().toString()).isEqualTo(alawOnly.trunkId());
        // Identified by its number (as the trunk's inbound endpoint), or by address, the same call is its trunk's.
        for (String endpoint : List.of(alawOnly.endpointId() + "-in", alawOnly.endpointId())) {
            assertThat(accepted(route(call(endpoint, alawOnly.e164(), CARRIER + ":5060"))).trunk().codecs())
                    .as(endpoint).containsExactly("alaw");
        }
    }

    @Test
    void aNumberIsReachableOnlyFromItsOwnTrunksAddressesAndTheRejectionIsItsOwnersWithTheFailedCheck() {
        String b = api.tenant("pro");
        Map<?, ?> elsewhere = trunk(b, "elsewhere", List.of("198.51.100.0/24"), List.of("ulaw", "alaw"), false);
        String bNumber = number(b, elsewhere.get("id"), api.agent(b, "b"));

        // From the shared carrier, which A's trunk allows but not B's: identified by the number as B's trunk.
        Route.Rejected known = rejected(route(call((String) elsewhere.get("endpointId"), bNumber, CARRIER + ":5060")));
        assertThat(known.cause()).isEqualTo("address_not_allowed");
        assertThat(known.detail()).contains(bNumber, "'elsewhere'", "does not allow " + CARRIER)
                .doesNotContain(a.trunkId(), a.endpointId());
        assertThat(known.trunkId().toString()).isEqualTo(elsewhere.get("id"));
        assertThat(known.tenantId()).isNotNull();
        assertThat(known.numberId()).isNotNull();
        assertThat(known.hangupReason()).isEqualTo("rejected");

        Route.Rejected stranger = rejected(route(call((String) elsewhere.get("endpointId"), bNumber, "203.0.113.99:5060")));
        assertThat(stranger.cause()).isEqualTo("unknown_address");
        assertThat(stranger.detail()).contains("no trunk allows 203.0.113.99");

        // Inside B's CIDR it connects.
        assertThat(accepted(route(call((String) elsewhere.get("endpointId"), bNumber, "198.51.100.77:5080"))).e164())
                .isEqualTo(bNumber);
    }

    @Test
    void overlappingAddressesOfOneTenantsTrunksRouteEachNumberToItsOwnTrunk() {
        Map<?, ?> second = trunk(a.key(), "second", List.of(CARRIER, "198.51.100.5"), List.of("ulaw", "alaw"), false);
        String onSecond = number(a.key(), second.get("id"), a.agentId());
        assertThat(accepted(route(call(a.endpointId(), onSecond, CARRIER + ":5060"))).trunk().id().toString())
                .isEqualTo(second.get("id"));
        assertThat(accepted(route(call((String) second.get("endpointId"), a.e164(), CARRIER + ":5060"))).trunk().id()
                .toString()).isEqualTo(a.trunkId());
        // The first trunk does not allow the second's extra address, so its number is not reachable from there.
        assertThat(rejected(route(call(a.endpointId(), a.e164(), "198.51.100.5:5060"))).cause())
                .isEqualTo("address_not_allowed");
    }

    @Test
    void aCallOnTheTrunksRegistrationIsLetInFromAnyAddressAndOnlyForTheTrunksOwnNumbers() {
        Map<?, ?> registered = trunk(a.key(), "registered", List.of(), List.of("ulaw", "alaw"), true);
        String line = registered.get("endpointId") + "-line";
        String onRegistered = number(a.key(), registered.get("id"), a.agentId());

        // The registrar sends from wherever; the number comes in To, the Request-URI holds the contact user.
        InboundCall viaLine = new InboundCall("ch-2", line, "acct-registered", "<sip:" + onRegistered
                + "@203.0.113.5>;tag=x", "203.0.113.5:5060", "c@x", "+15550100001");
        assertThat(accepted(route(viaLine)).trunk().id().toString()).isEqualTo(registered.get("id"));

        // Knowing the number is not enough: identified by the number, from an address no trunk allows.
        assertThat(rejected(route(call((String) registered.get("endpointId"), onRegistered, "203.0.113.5:5060"))).cause())
                .isEqualTo("unknown_address");
        // Nor is a registration of another trunk.
        Route.Rejected other = rejected(route(call(line, a.e164(), "203.0.113.5:5060")));
        assertThat(other.cause()).isEqualTo("address_not_allowed");
        assertThat(other.detail()).contains("another trunk's registration");
    }

    @Test
    void aNumberNoTenantOwnsOrNoNumberAtAllIsRejectedForNoTenant() {
        Route.Rejected unknown = rejected(route(call(a.endpointId(), "+15550000000", CARRIER + ":5060")));
        assertThat(unknown).isEqualTo(new Route.Rejected("unallocated", 1, "unknown_number",
                "no tenant has the number +15550000000", null, null, null));
        Route.Rejected invalid = rejected(route(call(a.endpointId(), "s", CARRIER + ":5060")));
        assertThat(invalid.cause()).isEqualTo("invalid_number");
        assertThat(invalid.tenantId()).isNull();
        assertThat(invalid.trunkId()).isNull();
    }

    @Test
    void disabledAndOutboundOnlyTrunksRejectTheirNumbersForTheirTenant() {
        api.patch(a.key(), "/api/v1/trunks/" + a.trunkId(), Map.of("enabled", false)).expectStatus().isOk();
        Route.Rejected disabled = rejected(route(call("some-other-endpoint", a.e164(), CARRIER + ":5060")));
        assertThat(disabled.cause()).isEqualTo("trunk_disabled");
        assertThat(disabled.trunkId().toString()).isEqualTo(a.trunkId());
        api.patch(a.key(), "/api/v1/trunks/" + a.trunkId(), Map.of("enabled", true, "direction", "outbound"))
                .expectStatus().isOk();
        assertThat(rejected(route(call(a.endpointId(), a.e164(), CARRIER + ":5060"))).cause())
                .isEqualTo("trunk_outbound_only");
    }

    @Test
    void aCallWithoutASourceAddressIsNotLetInByAddress() {
        Route.Rejected r = rejected(route(call(a.endpointId(), a.e164(), null)));
        assertThat(r.cause()).isEqualTo("address_not_allowed");
        assertThat(r.detail()).contains("source address is unknown");
    }

    @Test
    void ipv6SourcesMatchIpv6Entries() {
        Map<?, ?> v6 = trunk(a.key(), "v6", List.of("2001:db8:5::/48"), List.of("ulaw", "alaw"), false);
        String n = number(a.key(), v6.get("id"), a.agentId());
        assertThat(accepted(route(call((String) v6.get("endpointId"), n, "[2001:db8:5::17]:5060"))).e164()).isEqualTo(n);
        assertThat(rejected(route(call((String) v6.get("endpointId"), n, "[2001:db8:6::17]:5060"))).cause())
                .isEqualTo("unknown_address");
    }
}
