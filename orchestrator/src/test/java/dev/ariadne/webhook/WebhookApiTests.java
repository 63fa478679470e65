package dev.ariadne.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

@ApiTest
class WebhookApiTests {
    @Autowired
    WebTestClient web;

    Api api;
    String key;

    @Autowired
    org.springframework.r2dbc.core.DatabaseClient db;

    @BeforeEach
    void setUp() {
        api = new Api(web);
        key = api.tenant("pro");
    }

    /** These webhooks point nowhere: the worker would keep retrying them for the rest of the run. */
    @AfterEach
    void noDeliveriesLeft() {
        db.sql("DELETE FROM ariadne.webhooks WHERE url LIKE '%hooks.example%' OR url LIKE 'http://10.0.0.5%'")
                .fetch().rowsUpdated().block(java.time.Duration.ofSeconds(10));
    }

    @Test
    void aWebhookIsCreatedListedPatchedAndDeletedAndItsGeneratedSecretIsShownOnlyInTheCreateAnswer() {
        Map<?, ?> created = api.post(key, "/api/v1/webhooks", Map.of("url", "https://hooks.example/ariadne",
                        "events", List.of("call.ended", "call.started", "call.ended")))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        String secret = (String) created.get("secret");
        assertThat(secret).startsWith("whsec_").hasSize("whsec_".length() + 43); // 32 bytes, base64url
        assertThat(created.get("events")).isEqualTo(List.of("call.ended", "call.started"));
        assertThat(created.get("enabled")).isEqualTo(true);
        String id = (String) created.get("id");

        String shown = api.get(key, "/api/v1/webhooks/" + id).expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody();
        assertThat(shown).doesNotContain(secret).contains("\"secretSet\":true").doesNotContain("\"secret\"");
        api.patch(key, "/api/v1/webhooks/" + id, Map.of("enabled", false, "events", List.of("*")))
                .expectStatus().isOk().expectBody()
                .jsonPath("$.enabled").isEqualTo(false)
                .jsonPath("$.events").isEqualTo(List.of("*"))
                .jsonPath("$.url").isEqualTo("https://hooks.example/ariadne")
                .jsonPath("$.secret").doesNotExist();
        String listed = api.get(key, "/api/v1/webhooks").expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody();
        assertThat(listed).contains("\"total\":1").doesNotContain(secret);
        api.delete(key, "/api/v1/webhooks/" + id).expectStatus().isNoContent();
        api.get(key, "/api/v1/webhooks/" + id).expectStatus().isNotFound();
    }

    @Test
    void aSecretTheTenantChoseIsNeverEchoed() {
        String body = api.post(key, "/api/v1/webhooks", Map.of("url", "http://10.0.0.5:8080/in", "events",
                        List.of("trunk.health_changed"), "secret", "my-own-secret-0123456789"))
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).doesNotContain("my-own-secret-0123456789").contains("\"secretSet\":true")
                .doesNotContain("\"secret\":");
    }

    @Test
    void anInvalidWebhookNamesEveryBadField() {
        api.post(key, "/api/v1/webhooks", Map.of("url", "ftp://files.example/x", "events", List.of("call.started",
                        "call.exploded"), "secret", "short"))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.type").isEqualTo("https://ariadne.dev/problems/invalid-request")
                .jsonPath("$.errors[?(@.field == 'url')].reason")
                .isEqualTo(List.of("must be an absolute http:// or https:// URL with a host and no credentials"))
                .jsonPath("$.errors[?(@.field == 'events[1]')].reason").isEqualTo(List.of("must be one of call.started,"
                        + " call.answered, call.ended, trunk.health_changed, trunk.registration_changed,"
                        + " trunk.utilization_high or *"))
                .jsonPath("$.errors[?(@.field == 'secret')].reason").isEqualTo(List.of("must be 16 to 256 characters"));
        api.post(key, "/api/v1/webhooks", Map.of("events", List.of()))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'url')].reason").isEqualTo(List.of("is required"))
                .jsonPath("$.errors[?(@.field == 'events')].reason")
                .isEqualTo(List.of("must name at least one event type (or \"*\" for all)"));
        api.post(key, "/api/v1/webhooks", Map.of("url", "https://user:pw@hooks.example/", "events", "call.ended",
                        "colour", "blue"))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'events')].reason").isEqualTo(List.of("must be an array of strings"))
                .jsonPath("$.errors[?(@.field == 'colour')].reason").isEqualTo(List.of("is not a known field"));
        api.post(key, "/api/v1/webhooks", Map.of("url", "http://169.254.169.254/latest", "events", List.of("*")))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("url")
                .jsonPath("$.errors[0].reason").value(r -> assertThat((String) r).startsWith("must not reach a denied network"));
        api.get(key, "/api/v1/webhooks").expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(0);
    }

    @Test
    void anotherTenantsWebhookIsNotFound() {
        String id = api.create(key, "/api/v1/webhooks", Map.of("url", "https://hooks.example/a", "events", List.of("*")));
        String other = api.tenant("pro");
        api.get(other, "/api/v1/webhooks/" + id).expectStatus().isNotFound();
        api.patch(other, "/api/v1/webhooks/" + id, Map.of("enabled", false)).expectStatus().isNotFound();
        api.get(other, "/api/v1/webhooks/" + id + "/deliveries").expectStatus().isNotFound();
        api.delete(other, "/api/v1/webhooks/" + id).expectStatus().isNotFound();
        api.get(other, "/api/v1/webhooks").expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(0);
        api.get(key, "/api/v1/webhooks/" + id).expectStatus().isOk().expectBody().jsonPath("$.enabled").isEqualTo(true);
    }

    @Test
    void aWebhooksChangesAreAuditedByFieldNameOnly() {
        String id = api.create(key, "/api/v1/webhooks", Map.of("url", "https://hooks.example/a", "events", List.of("*")));
        api.patch(key, "/api/v1/webhooks/" + id, Map.of("secret", "a-new-secret-of-the-tenant")).expectStatus().isOk();
        String audit = api.get(key, "/api/v1/audit-events?resourceType=webhook").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(audit).contains("\"changedFields\":[\"secret\"]").contains("\"action\":\"created\"")
                .doesNotContain("a-new-secret-of-the-tenant");
    }
}
