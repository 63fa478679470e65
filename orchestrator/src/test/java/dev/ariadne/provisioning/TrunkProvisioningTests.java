package dev.ariadne.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.provisioning.data.PjsipRowWriter;
import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every trunk change leaves exactly the PJSIP realtime rows Asterisk needs, and nothing else. */
@ApiTest
class TrunkProvisioningTests {
    static final Duration T = Duration.ofSeconds(10);

    @Autowired
    WebTestClient web;

    @Autowired
    PjsipRowWriter rows;

    @Autowired
    DatabaseClient db;

    @Autowired
    dev.ariadne.trunk.TrunkService trunkService;

    Api api;
    String key;

    @BeforeEach
    void setUp() {
        api = new Api(web);
        key = api.tenant("pro");
    }

    Map<?, ?> createTrunk(Map<String, Object> body) {
        return api.post(key, "/api/v1/trunks", body).expectStatus().isCreated().expectBody(Map.class).returnResult()
                .getResponseBody();
    }

    List<Map<String, Object>> rows(String table, String endpointId) {
        return rows.select(table, endpointId).collectList().block(T);
    }

    @Test
    void createdTrunkBecomesEndpointAorAuthIdentifyAndRegistrationRows() {
        Map<?, ?> trunk = createTrunk(Api.trunkBody("carrier"));
        String e = (String) trunk.get("endpointId");

        List<Map<String, Object>> endpoints = rows("ps_endpoints", e);
        assertThat(endpoints).extracting(r -> r.get("id")).containsExactly(e, e + "-in", e + "-line");
        Map<String, Object> ep = endpoints.getFirst();
        assertThat(ep).containsEntry("id", e)
                .containsEntry("transport", "transport-udp")
                .containsEntry("aors", e)
                .containsEntry("outbound_auth", e + "-auth")
                .containsEntry("context", "ariadne-inbound")
                .containsEntry("disallow", "all")
                .containsEntry("allow", "ulaw,g722")
                .containsEntry("dtmf_mode", "rfc4733")
                .containsEntry("send_connected_line", "no")
                .containsEntry("media_encryption", "no")
                .containsEntry("direct_media", "no")
                .containsEntry("identify_by", "ip,header,request_uri")
                .containsEntry("from_user", "15551230000")
                .containsEntry("from_domain", "carrier.example");
        assertThat(ep.get("accountcode")).isEqualTo(trunkTenant(trunk));
        assertThat(ep.get("deny")).as("the trunk's own endpoint has no ACL").isNull();
        assertThat(ep.get("permit")).isNull();
        // The registration's line endpoint and the numbers' inbound endpoint: the trunk's media settings, no AOR
        // (inbound only).
        Map<String, Object> in = endpoints.get(1);
        Map<String, Object> line = endpoints.get(2);
        for (Map<String, Object> other : List.of(in, line)) {
            for (String column : List.of("allow", "dtmf_mode", "media_encryption", "context", "outbound_auth", "accountcode")) {
                assertThat(other.get(column)).as(column).isEqualTo(ep.get(column));
            }
            assertThat(other.get("aors")).isNull();
        }
        // Only the inbound endpoint has an ACL: everyone denied, then the trunk's allowedIps permitted.
        assertThat(in).containsEntry("deny", "0.0.0.0/0,::/0").containsEntry("permit", "203.0.113.10,198.51.100.0/24");
        assertThat(line.get("deny")).isNull();

        assertThat(rows("ps_aors", e)).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("contact", "sip:sip.carrier.example:5060"));
        assertThat(rows("ps_auths", e)).singleElement().satisfies(a -> assertThat(a)
                .containsEntry("id", e + "-auth")
                .containsEntry("username", "acct-1001")
                .containsEntry("password", "Tr0unk-S3cret-xyz"));
        assertThat(rows("ps_endpoint_id_ips", e)).extracting(r -> r.get("match"))
                .containsExactly("203.0.113.10", "198.51.100.0/24");
        assertThat(rows("ps_registrations", e)).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("id", e + "-reg")
                .containsEntry("server_uri", "sip:sip.carrier.example:5060")
                .containsEntry("client_uri", "sip:acct-1001@sip.carrier.example:5060")
                .containsEntry("outbound_auth", e + "-auth")
                .containsEntry("line", "yes")
                .containsEntry("endpoint", e + "-line"));
    }

    @Test
    void aTrunkThatOnlyRegistersAdmitsNobodyByNumberAndItsNumbersIdentifyTheInboundEndpoint() {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Api.trunkBody("line-only"));
        body.put("allowedIps", List.of());
        Map<?, ?> trunk = createTrunk(body);
        String e = (String) trunk.get("endpointId");
        String agent = api.agent(key, "a");
        api.create(key, "/api/v1/numbers", Map.of("e164", "+15557770001", "trunkId", trunk.get("id"), "agentId", agent));

        Map<String, Object> in = rows("ps_endpoints", e).stream().filter(r -> r.get("id").equals(e + "-in"))
                .findFirst().orElseThrow();
        assertThat(in).containsEntry("deny", "0.0.0.0/0,::/0");
        assertThat(in.get("permit")).as("no address permitted").isNull();
        assertThat(rows("ps_endpoint_id_ips", e)).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("endpoint", e + "-in").containsEntry("id", e + "-did0"));
    }

    @Test
    void dtlsTrunkGetsDtlsSrtpWithAGeneratedCertificateAndFingerprintCheck() {
        Map<String, Object> body = Api.trunkBody("dtls-carrier");
        body.put("transport", "tls");
        body.put("mediaEncryption", "dtls");
        body.put("port", 5061);
        String e = (String) createTrunk(body).get("endpointId");
        assertThat(rows("ps_endpoints", e).getFirst())
                .containsEntry("transport", "transport-tls")
                .containsEntry("media_encryption", "dtls")
                .containsEntry("media_encryption_optimistic", "no")
                .containsEntry("dtls_auto_generate_cert", "yes")
                .containsEntry("dtls_setup", "actpass")
                .containsEntry("dtls_verify", "fingerprint")
                .containsEntry("dtls_fingerprint", "SHA-256");
        assertThat(rows("ps_registrations", e).getFirst())
                .containsEntry("transport", "transport-tls")
                .containsEntry("server_uri", "sip:sip.carrier.example:5061^3Btransport=tls");
    }

    @Test
    void updateRewritesRowsAndDisableOrDeleteRemovesThem() {
        Map<?, ?> trunk = createTrunk(Api.trunkBody("carrier"));
        String id = (String) trunk.get("id");
        String e = (String) trunk.get("endpointId");

        api.patch(key, "/api/v1/trunks/" + id, Map.of("transport", "tls", "register", false, "allowedIps",
                        List.of("192.0.2.7"), "dtmfMode", "info", "mediaEncryption", "sdes", "codecs", List.of("opus"),
                        "port", 5061))
                .expectStatus().isOk();
        assertThat(rows("ps_endpoints", e).getFirst())
                .containsEntry("transport", "transport-tls")
                .containsEntry("dtmf_mode", "info")
                .containsEntry("media_encryption", "sdes")
                .containsEntry("media_encryption_optimistic", "no")
                .containsEntry("allow", "opus");
        assertThat(rows("ps_aors", e).getFirst()).containsEntry("contact", "sip:sip.carrier.example:5061^3Btransport=tls");
        assertThat(rows("ps_registrations", e)).isEmpty();
        assertThat(rows("ps_endpoints", e)).as("no line endpoint without a registration")
                .extracting(r -> r.get("id")).containsExactly(e, e + "-in");
        assertThat(rows("ps_endpoints", e).get(1)).containsEntry("permit", "192.0.2.7");
        assertThat(rows("ps_endpoint_id_ips", e)).extracting(r -> r.get("match")).containsExactly("192.0.2.7");
        // The stored password still authenticates outbound calls after an update that did not send it.
        assertThat(rows("ps_auths", e).getFirst()).containsEntry("password", "Tr0unk-S3cret-xyz");

        api.patch(key, "/api/v1/trunks/" + id, Map.of("enabled", false)).expectStatus().isOk();
        for (String table : List.of("ps_endpoints", "ps_aors", "ps_endpoint_id_ips", "ps_registrations")) {
            assertThat(rows(table, e)).as(table + " after disable").isEmpty();
        }
        api.patch(key, "/api/v1/trunks/" + id, Map.of("enabled", true, "password", "N3w-pass")).expectStatus().isOk();
        assertThat(rows("ps_auths", e).getFirst()).containsEntry("password", "N3w-pass");

        api.delete(key, "/api/v1/trunks/" + id).expectStatus().isNoContent();
        for (String table : List.of("ps_endpoints", "ps_aors", "ps_endpoint_id_ips", "ps_registrations")) {
            assertThat(rows(table, e)).as(table + " after delete").isEmpty();
        }
        // The auth row outlives the registration until Asterisk has unregistered with it, then goes.
        assertThat(rows("ps_auths", e)).hasSize(1);
        db.sql("UPDATE ariadne.provisioning_outbox SET done_at = now() - interval '1 minute' WHERE endpoint_id = :e")
                .bind("e", e).fetch().rowsUpdated().block(T);
        rows.deleteOrphanAuths(Duration.ofSeconds(10)).block(T);
        assertThat(rows("ps_auths", e)).isEmpty();
    }

    List<String> numberPatterns(String endpointId) {
        return rows("ps_endpoint_id_ips", endpointId).stream()
                .filter(r -> r.get("match_request_uri") != null)
                .map(r -> (String) r.get("match_request_uri"))
                .toList();
    }

    @Test
    void everyNumberChangeRewritesTheIdentificationOfTheTrunksItLeftAndJoined() {
        Map<?, ?> first = createTrunk(Api.trunkBody("first"));
        Map<?, ?> second = createTrunk(Api.trunkBody("second"));
        String e1 = (String) first.get("endpointId");
        String e2 = (String) second.get("endpointId");
        String agent = api.agent(key, "a");
        String number = api.create(key, "/api/v1/numbers", Map.of("e164", "+15557654321", "trunkId", first.get("id"),
                "agentId", agent));
        assertThat(numberPatterns(e1)).singleElement().asString().contains("15557654321");
        assertThat(numberPatterns(e2)).isEmpty();
        assertThat(rows("ps_endpoint_id_ips", e1)).filteredOn(r -> r.get("match") != null).hasSize(2);
        assertThat(provisioningStatus(first.get("id"))).isIn("pending", "applied");

        api.patch(key, "/api/v1/numbers/" + number, Map.of("trunkId", second.get("id"))).expectStatus().isOk();
        assertThat(numberPatterns(e1)).isEmpty();
        assertThat(numberPatterns(e2)).singleElement().asString().contains("15557654321");

        api.patch(key, "/api/v1/numbers/" + number, Map.of("e164", "+15557654322")).expectStatus().isOk();
        assertThat(numberPatterns(e2)).singleElement().asString().contains("15557654322").doesNotContain("15557654321");

        // A trunk update keeps its numbers' identification; disabling removes it with the rest.
        api.patch(key, "/api/v1/trunks/" + second.get("id"), Map.of("codecs", List.of("alaw"))).expectStatus().isOk();
        assertThat(numberPatterns(e2)).singleElement().asString().contains("15557654322");
        api.patch(key, "/api/v1/trunks/" + second.get("id"), Map.of("enabled", false)).expectStatus().isOk();
        assertThat(rows("ps_endpoint_id_ips", e2)).isEmpty();
        api.patch(key, "/api/v1/trunks/" + second.get("id"), Map.of("enabled", true)).expectStatus().isOk();
        assertThat(numberPatterns(e2)).singleElement().asString().contains("15557654322");

        api.delete(key, "/api/v1/numbers/" + number).expectStatus().isNoContent();
        assertThat(numberPatterns(e2)).isEmpty();
    }

    @Test
    void numbersAddedConcurrentlyToOneTrunkAreAllIdentified() {
        Map<?, ?> trunk = createTrunk(Api.trunkBody("busy"));
        String agent = api.agent(key, "a");
        // 40 numbers: three identify rows, written with one statement.
        List<String> numbers = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "+1555888" + (1000 + i)).toList();
        reactor.core.publisher.Flux.fromIterable(numbers)
                .flatMap(n -> reactor.core.publisher.Mono.fromRunnable(() -> api.post(key, "/api/v1/numbers",
                                        Map.of("e164", n, "trunkId", trunk.get("id"), "agentId", agent))
                                .expectStatus().isCreated())
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 12)
                .blockLast(T);
        // Each writer saw the numbers committed before it (the trunk's lock): one set of rows, each number once.
        String e = (String) trunk.get("endpointId");
        assertThat(rows("ps_endpoint_id_ips", e)).extracting(r -> r.get("id")).doesNotHaveDuplicates();
        List<String> patterns = numberPatterns(e);
        assertThat(patterns).hasSize(3);
        for (String n : numbers) {
            assertThat(patterns).as(n).filteredOn(p -> p.contains(n.substring(1))).hasSize(1);
        }
    }

    @Test
    void trunksWrittenWithAnOlderRowLayoutAreRewrittenAtStartup() {
        Map<?, ?> trunk = createTrunk(Api.trunkBody("old"));
        String e = (String) trunk.get("endpointId");
        String agent = api.agent(key, "a");
        api.create(key, "/api/v1/numbers", Map.of("e164", "+15559990001", "trunkId", trunk.get("id"), "agentId", agent));
        // What layout 1 left: no number identifies, no line endpoint, the registration on the trunk's endpoint.
        db.sql("DELETE FROM asterisk.ps_endpoint_id_ips WHERE starts_with(id, :e || '-did')").bind("e", e)
                .fetch().rowsUpdated().block(T);
        db.sql("DELETE FROM asterisk.ps_endpoints WHERE id IN (:e || '-line', :e || '-in')").bind("e", e).fetch()
                .rowsUpdated().block(T);
        db.sql("UPDATE asterisk.ps_registrations SET endpoint = :e WHERE id = :e || '-reg'").bind("e", e)
                .fetch().rowsUpdated().block(T);
        db.sql("UPDATE ariadne.trunks SET pjsip_layout = 1 WHERE endpoint_id = :e").bind("e", e).fetch().rowsUpdated()
                .block(T);

        assertThat(trunkService.reprovisionOutdated().block(T)).isGreaterThanOrEqualTo(1L);
        assertThat(numberPatterns(e)).singleElement().asString().contains("15559990001");
        assertThat(rows("ps_endpoints", e)).hasSize(3);
        assertThat(rows("ps_endpoint_id_ips", e)).filteredOn(r -> r.get("match_request_uri") != null).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("endpoint", e + "-in"));
        assertThat(rows("ps_registrations", e).getFirst()).containsEntry("endpoint", e + "-line");
        // The password survives the rewrite.
        assertThat(rows("ps_auths", e).getFirst()).containsEntry("password", "Tr0unk-S3cret-xyz");
        assertThat(trunkService.reprovisionOutdated().block(T)).isZero();
    }

    @Test
    void trunksWrittenForAnotherSipEdgeAreRewrittenAtStartup() {
        Map<?, ?> trunk = createTrunk(Api.trunkBody("edge-changed"));
        String e = (String) trunk.get("endpointId");
        // As written by a node that had ariadne.edge.addresses=10.0.0.5 (this one has no edge): its -in ACL let the
        // edge in.
        db.sql("UPDATE asterisk.ps_endpoints SET permit = permit || ',10.0.0.5' WHERE id = :e || '-in'").bind("e", e)
                .fetch().rowsUpdated().block(T);
        db.sql("UPDATE ariadne.trunks SET pjsip_settings = 'edge=10.0.0.5' WHERE endpoint_id = :e").bind("e", e)
                .fetch().rowsUpdated().block(T);

        assertThat(trunkService.reprovisionOutdated().block(T)).isGreaterThanOrEqualTo(1L);
        assertThat(rows("ps_endpoints", e)).filteredOn(r -> r.get("id").equals(e + "-in")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("permit", "203.0.113.10,198.51.100.0/24"));
        assertThat(trunkService.reprovisionOutdated().block(T)).isZero();
    }

    private String provisioningStatus(Object trunkId) {
        return db.sql("SELECT provisioning_status FROM ariadne.trunks WHERE id = :id")
                .bind("id", java.util.UUID.fromString((String) trunkId))
                .map(r -> r.get("provisioning_status", String.class))
                .one()
                .block(T);
    }

    @Test
    void trunkPasswordIsEncryptedInTheApplicationSchema() {
        Map<?, ?> trunk = createTrunk(Api.trunkBody("carrier"));
        byte[] stored = db.sql("SELECT password_enc FROM ariadne.trunks WHERE id = :id")
                .bind("id", java.util.UUID.fromString((String) trunk.get("id")))
                .map(r -> r.get("password_enc", byte[].class))
                .one()
                .block(T);
        assertThat(stored).isNotNull().hasSizeGreaterThan(12 + 16);
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("Tr0unk");
    }

    @Test
    void aFailedProvisioningLeavesNoTrunkBehind() {
        // A name that exists twice fails after the PJSIP rows of the second would be written: nothing stays.
        api.trunk(key, "twice");
        long before = db.sql("SELECT count(*) AS n FROM asterisk.ps_endpoints").map(r -> r.get("n", Long.class)).one()
                .block(T);
        api.post(key, "/api/v1/trunks", Api.trunkBody("twice")).expectStatus().isEqualTo(409);
        long after = db.sql("SELECT count(*) AS n FROM asterisk.ps_endpoints").map(r -> r.get("n", Long.class)).one()
                .block(T);
        assertThat(after).isEqualTo(before);
    }

    private String trunkTenant(Map<?, ?> trunk) {
        return db.sql("SELECT tenant_id FROM ariadne.trunks WHERE id = :id")
                .bind("id", java.util.UUID.fromString((String) trunk.get("id")))
                .map(r -> r.get("tenant_id", java.util.UUID.class).toString())
                .one()
                .block(T);
    }
}
