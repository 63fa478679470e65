package dev.ariadne.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@ApiTest
class TenantApiTests {
    @Autowired
    WebTestClient web;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(web);
    }

    @Test
    void adminCreatesTenantAndItsFirstKeyWorksOnce() {
        Map<?, ?> body = web.post().uri("/api/v1/tenants")
                .header("Authorization", "Bearer " + Api.ADMIN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Acme Voice", "tier", "pro"))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(body.get("id")).isNotNull();
        assertThat(body.get("tier")).isEqualTo("pro");
        String key = (String) body.get("apiKey");
        assertThat(key).startsWith("ak_").hasSizeGreaterThan(30);

        api.get(key, "/api/v1/tenant").expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("Acme Voice")
                .jsonPath("$.maxTrunks").isEqualTo(5)
                .jsonPath("$.maxConcurrentCalls").isEqualTo(10);
        // The key is never shown again: the listing has only its prefix.
        api.get(key, "/api/v1/api-keys").expectStatus().isOk()
                .expectBody().jsonPath("$[0].prefix").isEqualTo(key.substring(0, 10))
                .jsonPath("$[0].apiKey").doesNotExist();
    }

    @Test
    void tenantCreationWithoutOrWithWrongAdminTokenIsUnauthorized() {
        web.post().uri("/api/v1/tenants").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "x")).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer");
        web.post().uri("/api/v1/tenants").header("Authorization", "Bearer nope")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "x")).exchange()
                .expectStatus().isUnauthorized();
        // A tenant key is not an admin token either.
        String key = api.tenant("free");
        api.post(key, "/api/v1/tenants", Map.of("name", "x")).expectStatus().isUnauthorized();
    }

    @Test
    void invalidTenantNamesEveryInvalidField() {
        web.post().uri("/api/v1/tenants").header("Authorization", "Bearer " + Api.ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", " ", "tier", "gold")).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://ariadne.dev/problems/invalid-request")
                .jsonPath("$.errors[?(@.field == 'name')].reason").isEqualTo(List.of("is required"))
                .jsonPath("$.errors[?(@.field == 'tier')].reason")
                .isEqualTo(List.of("must be one of free, pro, enterprise"));
    }

    @Test
    void missingUnknownOrMalformedKeyIsUnauthorized() {
        web.get().uri("/api/v1/trunks").exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/v1/trunks").header("Authorization", "Bearer ak_unknown").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").isEqualTo("unknown or revoked API key");
        web.get().uri("/api/v1/trunks").header("Authorization", "Basic Zm9vOmJhcg==").exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void tenantCreatesListsAndRevokesKeysAndARevokedKeyStopsWorking() {
        String first = api.tenant("free");
        Map<?, ?> second = api.post(first, "/api/v1/api-keys", Map.of("name", "ci")).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        String secondKey = (String) second.get("apiKey");
        api.get(secondKey, "/api/v1/api-keys").expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(2);

        api.delete(first, "/api/v1/api-keys/" + second.get("id")).expectStatus().isOk()
                .expectBody().jsonPath("$.revokedAt").isNotEmpty();
        api.get(secondKey, "/api/v1/trunks").expectStatus().isUnauthorized();
        api.get(first, "/api/v1/trunks").expectStatus().isOk();
    }

    @Test
    void lastActiveKeyCannotBeRevoked() {
        String key = api.tenant("free");
        Map<?, ?> k = ((List<Map<?, ?>>) api.get(key, "/api/v1/api-keys").expectBody(List.class).returnResult()
                .getResponseBody()).get(0);
        api.delete(key, "/api/v1/api-keys/" + k.get("id")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("last active API key"));
    }

    @Test
    void anotherTenantsKeyIdIsNotFound() {
        String a = api.tenant("free");
        String b = api.tenant("free");
        Object aKeyId = ((List<Map<?, ?>>) api.get(a, "/api/v1/api-keys").expectBody(List.class).returnResult()
                .getResponseBody()).get(0).get("id");
        api.delete(b, "/api/v1/api-keys/" + aKeyId).expectStatus().isNotFound();
    }
}
