package dev.ariadne.web;

import dev.ariadne.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Readiness is what Kubernetes, the SIP edge and local-stack.sh wait for: the database and the ARI events
 * connection (here ARI is off, an API-only node, which is ready without Asterisk). With ARI on and Asterisk down
 * it is 503: ZAsteriskRestartE2eTests.
 */
@ApiTest
class ReadinessTests {
    @Autowired
    WebTestClient web;

    @Test
    void readinessNamesTheDatabaseAndAri() {
        web.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.r2dbc.status").isEqualTo("UP")
                .jsonPath("$.components.ari.status").isEqualTo("UP")
                .jsonPath("$.components.ari.details.ari").value(v -> org.assertj.core.api.Assertions
                        .assertThat((String) v).startsWith("disabled"));
    }
}
