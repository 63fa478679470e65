package dev.ariadne.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import dev.ariadne.web.ProblemTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Limits small enough to reach in a test. Each test comes from its own source address (X-Forwarded-For, which
 * this context trusts as a proxy deployment would), so that one test's guessing does not block another.
 */
@ApiTest
@TestPropertySource(properties = {
    "server.forward-headers-strategy=framework",
    "ariadne.tiers.free.requests-per-second=0.2",
    "ariadne.tiers.free.request-burst=5",
    "ariadne.rate-limits.failed-auth-burst=3",
    "ariadne.rate-limits.failed-auth-per-minute=1"
})
class RateLimitApiTests {
    @Autowired
    WebTestClient web;

    private EntityExchangeResult<String> get(String from, String key, String uri) {
        return web.get().uri(uri).header("X-Forwarded-For", from).header("Authorization", "Bearer " + key)
                .exchange().expectBody(String.class).returnResult();
    }

    @Test
    void aKeyOverItsTiersLimitGets429WithHeadersAndAProblemAndNothingIsDone() {
        Api api = new Api(web);
        String key = api.tenant("free");
        for (int i = 0; i < 5; i++) {
            EntityExchangeResult<String> ok = get("192.0.2.1", key, "/api/v1/agents");
            assertThat(ok.getStatus().value()).isEqualTo(200);
            assertThat(ok.getResponseHeaders().getFirst("RateLimit-Limit")).isEqualTo("5");
            assertThat(ok.getResponseHeaders().getFirst("RateLimit-Remaining")).isEqualTo(Integer.toString(4 - i));
        }
        web.post().uri("/api/v1/agents").header("X-Forwarded-For", "192.0.2.1").header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "late", "url", "wss://a.example/x"))
                .exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().valueEquals("Retry-After", "5")
                .expectHeader().valueEquals("RateLimit-Remaining", "0")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo(ProblemTypes.RATE_LIMITED.toString())
                .jsonPath("$.retryAfterSeconds").isEqualTo(5);
        // Nothing was done: the refused POST made no agent (listed with a new key of the same tenant).
        String second = (String) web.post().uri("/api/v1/api-keys").header("X-Forwarded-For", "192.0.2.1")
                .header("Authorization", "Bearer " + key).exchange().expectStatus().isEqualTo(429)
                .expectBody(Map.class).returnResult().getResponseBody().get("type");
        assertThat(second).isEqualTo(ProblemTypes.RATE_LIMITED.toString());
    }

    @Test
    void oneTenantsFloodDoesNotLimitAnotherTenant() throws Exception {
        Api api = new Api(web);
        String flooder = api.tenant("free");
        String quiet = api.tenant("free");
        // The flood: 200 requests from 4 threads, from the same address as the quiet tenant (one NAT, say).
        List<CompletableFuture<List<Integer>>> flood = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            flood.add(CompletableFuture.supplyAsync(() -> {
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    statuses.add(get("192.0.2.2", flooder, "/api/v1/trunks").getStatus().value());
                }
                return statuses;
            }));
        }
        List<Integer> quietStatuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            quietStatuses.add(get("192.0.2.2", quiet, "/api/v1/trunks").getStatus().value());
        }
        List<Integer> floodStatuses = flood.stream().flatMap(f -> f.join().stream()).toList();
        assertThat(quietStatuses).as("the quiet tenant's requests during the flood").containsOnly(200);
        assertThat(floodStatuses.stream().filter(s -> s == 200).count()).as("the flood's successes").isEqualTo(5);
        assertThat(floodStatuses.stream().filter(s -> s == 429).count()).isEqualTo(195);
    }

    @Test
    void anAddressGuessingKeysIsRefusedBeforeAnyKeyIsCheckedEvenAValidOne() {
        String valid = new Api(web).tenant("free");
        for (int i = 0; i < 3; i++) {
            assertThat(get("192.0.2.3", "guess-" + i, "/api/v1/agents").getStatus().value()).isEqualTo(401);
        }
        EntityExchangeResult<String> refused = get("192.0.2.3", "guess-4", "/api/v1/agents");
        assertThat(refused.getStatus().value()).isEqualTo(429);
        assertThat(refused.getResponseHeaders().getFirst("Retry-After")).isEqualTo("60");
        assertThat(refused.getResponseBody()).contains(ProblemTypes.RATE_LIMITED.toString())
                .contains("without a valid API key");
        assertThat(get("192.0.2.3", valid, "/api/v1/agents").getStatus().value())
                .as("a right guess from the guessing address").isEqualTo(429);
        assertThat(get("192.0.2.4", valid, "/api/v1/agents").getStatus().value()).as("another address").isEqualTo(200);
        // Requests without any key count too (scans).
        for (int i = 0; i < 3; i++) {
            web.get().uri("/api/v1/agents").header("X-Forwarded-For", "192.0.2.5").exchange().expectStatus().isUnauthorized();
        }
        web.get().uri("/api/v1/agents").header("X-Forwarded-For", "192.0.2.5").exchange().expectStatus().isEqualTo(429);
    }
}
