package dev.ariadne.trunk;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Where Asterisk has no TLS transport, a TLS trunk is refused up front with the reason, other trunks are not. */
@ApiTest
@TestPropertySource(properties = "ariadne.provisioning.tls-transport=absent")
class TlsTrunkApiTests {
    @Autowired
    WebTestClient web;

    Api api;
    String key;

    @BeforeEach
    void setUp() {
        api = new Api(web);
        key = api.tenant("pro");
    }

    private static Map<String, Object> tls(String name) {
        return Map.of("name", name, "host", "sip.carrier.example", "transport", "tls", "mediaEncryption", "sdes",
                "allowedIps", List.of("192.0.2.7"));
    }

    @Test
    void creatingATlsTrunkWithoutATlsTransportIsAProblemNamingTransportAndWhy() {
        api.post(key, "/api/v1/trunks", tls("secure")).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.type").isEqualTo("https://ariadne.dev/problems/invalid-request")
                .jsonPath("$.errors[0].field").isEqualTo("transport")
                .jsonPath("$.errors[0].reason").value(r -> org.assertj.core.api.Assertions.assertThat((String) r)
                        .contains("tls is not available", "no TLS transport ('transport-tls')"));
        api.get(key, "/api/v1/trunks").expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
    }

    @Test
    void switchingATrunkToTlsIsRefusedAndLeavesItAsItWas() {
        String id = api.create(key, "/api/v1/trunks", Map.of("name", "plain", "host", "sip.carrier.example",
                "allowedIps", List.of("192.0.2.7")));
        api.patch(key, "/api/v1/trunks/" + id, Map.of("transport", "tls")).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("transport");
        api.get(key, "/api/v1/trunks/" + id).expectStatus().isOk().expectBody()
                .jsonPath("$.transport").isEqualTo("udp")
                .jsonPath("$.port").isEqualTo(5060);
    }
}
