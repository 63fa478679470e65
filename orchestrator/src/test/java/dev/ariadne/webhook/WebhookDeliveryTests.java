package dev.ariadne.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Events recorded with {@link TenantEvents} reach real HTTP receivers, signed, retried, given up, listed. */
@ApiTest
class WebhookDeliveryTests {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SECRET = "receiver-secret-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @Autowired
    WebTestClient web;
    @Autowired
    TenantEvents events;
    @Autowired
    DatabaseClient db;
    @Autowired
    dev.ariadne.webhook.data.EventOutbox outbox;
    @Autowired
    DeliveryWorker worker;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    Api api;
    String key;
    UUID tenantId;

    @BeforeEach
    void setUp() {
        api = new Api(web);
        key = api.tenant("pro");
        tenantId = UUID.fromString((String) api.get(key, "/api/v1/tenant").expectBody(Map.class).returnResult()
                .getResponseBody().get("id"));
    }

    @Test
    void anEventReachesTheReceiverSignedWithTheWebhooksSecretAndTheDeliveryIsListed() throws Exception {
        try (Receiver receiver = new Receiver()) {
            String hook = webhook(receiver.url(), List.of("call.started"));
            long before = Instant.now().getEpochSecond();
            events.record(tenantId, "call.started", Map.of("call", Map.of("id", "c-1", "from", "+15550001111")))
                    .block(WAIT);
            await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
            Receiver.Request r = receiver.requests().get(0);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("type").asString()).isEqualTo("call.started");
            assertThat(body.get("tenantId").asString()).isEqualTo(tenantId.toString());
            assertThat(body.get("data").get("call").get("from").asString()).isEqualTo("+15550001111");
            assertThat(Instant.parse(body.get("createdAt").asString())).isBefore(Instant.now().plusSeconds(1));
            assertThat(r.header("Ariadne-Event-Id")).isEqualTo(body.get("id").asString());
            assertThat(r.header("Ariadne-Event-Type")).isEqualTo("call.started");
            assertThat(r.header("Content-Type")).isEqualTo("application/json");

            String[] sig = r.header("Ariadne-Signature").split(",");
            long t = Long.parseLong(sig[0].substring("t=".length()));
            assertThat(t).isBetween(before, Instant.now().getEpochSecond());
            assertThat(sig[1]).isEqualTo("v1=" + hmac(SECRET, t + "." + r.body()));
            assertThat(sig[1]).isNotEqualTo("v1=" + hmac("another-secret-0123456789", t + "." + r.body()));

            await().atMost(WAIT).until(() -> "delivered".equals(delivery(hook).get("status").asString()));
            JsonNode d = delivery(hook);
            assertThat(d.get("attempts").asInt()).isEqualTo(1);
            assertThat(d.get("lastStatusCode").asInt()).isEqualTo(200);
            assertThat(d.get("lastResponseExcerpt").asString()).isEqualTo("answer 200");
            assertThat(d.get("eventType").asString()).isEqualTo("call.started");
            assertThat(d.get("eventId").asString()).isEqualTo(body.get("id").asString());
            assertThat(d.has("deliveredAt")).isTrue();
        }
    }

    @Test
    void aReceiverAnswering500IsTriedAgainWithTheSameEventAndTheDeliverySucceeds() throws Exception {
        double retried = outcomes("retry");
        double delivered = outcomes("delivered");
        long latencies = scraped().get("ariadne.webhook.delivery.latency").timer().count();
        try (Receiver receiver = new Receiver().answering(500, 502)) {
            String hook = webhook(receiver.url(), List.of("*"));
            events.record(tenantId, "trunk.health_changed", Map.of("status", "unreachable")).block(WAIT);
            await().atMost(WAIT).until(() -> "delivered".equals(delivery(hook).get("status").asString()));
            assertThat(receiver.requests()).hasSize(3);
            assertThat(receiver.requests().stream().map(r -> r.header("Ariadne-Event-Id")).distinct()).hasSize(1);
            assertThat(receiver.requests().stream().map(Receiver.Request::body).distinct()).hasSize(1);
            JsonNode d = delivery(hook);
            assertThat(d.get("attempts").asInt()).isEqualTo(3);
            assertThat(d.get("lastStatusCode").asInt()).isEqualTo(200);
            assertThat(d.has("lastError")).isFalse();
            // The meters follow the row's update: wait for them rather than race it.
            await().atMost(WAIT).until(() -> outcomes("delivered") - delivered == 1
                    && scraped().get("ariadne.webhook.delivery.latency").timer().count() - latencies == 1);
            assertThat(outcomes("retry") - retried).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aDeliveryStillFailingAtTheGiveUpAgeIsFailedAndCanBeRetriedByHand() throws Exception {
        try (Receiver receiver = new Receiver().answering(503, 503, 503, 503, 503, 503, 503, 503)) {
            String hook = webhook(receiver.url(), List.of("call.ended"));
            events.record(tenantId, "call.ended", Map.of("call", Map.of("id", "c-2"))).block(WAIT);
            // The event is a day and an hour old: past ariadne.webhooks.give-up-after (24h).
            db.sql("UPDATE ariadne.events SET created_at = now() - interval '25 hours' WHERE tenant_id = :t")
                    .bind("t", tenantId).fetch().rowsUpdated().block(WAIT);
            await().atMost(WAIT).until(() -> "failed".equals(delivery(hook).get("status").asString()));
            JsonNode d = delivery(hook);
            assertThat(d.get("lastStatusCode").asInt()).isEqualTo(503);
            assertThat(d.get("lastError").asString()).isEqualTo("HTTP 503");
            assertThat(d.get("lastResponseExcerpt").asString()).isEqualTo("answer 503");
            assertThat(d.has("nextAttemptAt")).isFalse();
            int attempts = d.get("attempts").asInt();
            int requests = receiver.requests().size();
            assertThat(requests).isEqualTo(attempts);
            api.get(key, "/api/v1/webhooks/" + hook + "/deliveries?status=failed").expectStatus().isOk().expectBody()
                    .jsonPath("$.total").isEqualTo(1);
            api.get(key, "/api/v1/webhooks/" + hook + "/deliveries?status=pending").expectStatus().isOk().expectBody()
                    .jsonPath("$.total").isEqualTo(0);

            receiver.answerOkFromNowOn();
            api.post(key, "/api/v1/webhooks/" + hook + "/deliveries/" + d.get("id").asString() + "/retry", Map.of())
                    .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("pending");
            await().atMost(WAIT).until(() -> "delivered".equals(delivery(hook).get("status").asString()));
            assertThat(delivery(hook).get("attempts").asInt()).isEqualTo(attempts + 1);
        }
    }

    @Test
    void onlyEnabledWebhooksThatWantTheTypeGetADelivery() throws Exception {
        try (Receiver receiver = new Receiver()) {
            String ended = webhook(receiver.url(), List.of("call.ended"));
            String all = webhook(receiver.url(), List.of("*"));
            String off = webhook(receiver.url(), List.of("*"));
            api.patch(key, "/api/v1/webhooks/" + off, Map.of("enabled", false)).expectStatus().isOk();
            events.record(tenantId, "call.answered", Map.of("call", Map.of("id", "c-3"))).block(WAIT);
            await().atMost(WAIT).until(() -> "delivered".equals(delivery(all).get("status").asString()));
            api.get(key, "/api/v1/webhooks/" + ended + "/deliveries").expectBody().jsonPath("$.total").isEqualTo(0);
            api.get(key, "/api/v1/webhooks/" + off + "/deliveries").expectBody().jsonPath("$.total").isEqualTo(0);
            assertThat(receiver.requests()).hasSize(1);
        }
    }

    @Test
    void aReceiverThatHangsHoldsOnlyItsOwnShareWhileAnotherWebhookGetsEveryEvent() throws Exception {
        try (Receiver stuck = new Receiver().hang(); Receiver quick = new Receiver()) {
            webhook(stuck.url(), List.of("*"));
            String fine = webhook(quick.url(), List.of("*"));
            for (int i = 0; i < 12; i++) {
                events.record(tenantId, "call.started", Map.of("n", i)).block(WAIT);
            }
            await().atMost(WAIT).until(() -> quick.requests().size() == 12 && !stuck.requests().isEmpty());
            api.get(key, "/api/v1/webhooks/" + fine + "/deliveries?status=delivered").expectBody()
                    .jsonPath("$.total").isEqualTo(12);
            // ariadne.webhooks.max-in-flight-per-webhook (4): the rest of the stuck webhook's events wait their turn.
            assertThat(stuck.requests()).hasSizeBetween(1, 4);
            assertThat(stuck.mostOpen()).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void eventsOlderThanTheRetentionAreDeletedWithTheirDeliveries() {
        String hook = webhook("https://hooks.example/retention", List.of("*"));
        events.record(tenantId, "call.started", Map.of("n", 1)).block(WAIT);
        events.record(tenantId, "call.started", Map.of("n", 2)).block(WAIT);
        db.sql("UPDATE ariadne.events SET created_at = now() - interval '8 days' WHERE tenant_id = :t"
                        + " AND payload ->> 'n' = '1'").bind("t", tenantId).fetch().rowsUpdated().block(WAIT);
        assertThat(EventPurge.purgeAll(outbox, Duration.ofDays(7)).block(WAIT)).isGreaterThanOrEqualTo(1L);
        assertThat(db.sql("SELECT payload ->> 'n' AS n FROM ariadne.events WHERE tenant_id = :t").bind("t", tenantId)
                .map(r -> r.get("n", String.class)).all().collectList().block(WAIT)).containsExactly("2");
        api.get(key, "/api/v1/webhooks/" + hook + "/deliveries").expectBody().jsonPath("$.total").isEqualTo(1);
    }

    @Test
    void aWorkerStoppedAndStartedAgainDeliversAgain() throws Exception {
        try (Receiver receiver = new Receiver()) {
            String hook = webhook(receiver.url(), List.of("*"));
            worker.stop();
            worker.start();
            events.record(tenantId, "call.started", Map.of("n", 1)).block(WAIT);
            await().atMost(WAIT).until(() -> "delivered".equals(delivery(hook).get("status").asString()));
            assertThat(receiver.requests()).hasSize(1);
        }
    }

    @Test
    void theDeliveriesListingRefusesAnUnknownStatus() {
        String hook = webhook("https://hooks.example/x", List.of("*"));
        api.get(key, "/api/v1/webhooks/" + hook + "/deliveries?status=lost").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("status")
                .jsonPath("$.errors[0].reason").isEqualTo("must be one of pending, delivered, failed");
    }

    @AfterEach
    void noMoreDeliveries() {
        db.sql("DELETE FROM ariadne.webhooks WHERE tenant_id = :t").bind("t", tenantId).fetch().rowsUpdated().block(WAIT);
    }

    /** The Prometheus registry of the composite (the OpenTelemetry bridge's meters do not count locally). */
    private io.micrometer.core.instrument.MeterRegistry scraped() {
        return ((io.micrometer.core.instrument.composite.CompositeMeterRegistry) meters).getRegistries().stream()
                .filter(r -> r.getClass().getSimpleName().equals("PrometheusMeterRegistry")).findFirst().orElseThrow();
    }

    private double outcomes(String outcome) {
        return scraped().get("ariadne.webhook.deliveries").tag("outcome", outcome).counter().count();
    }

    private String webhook(String url, List<String> types) {
        return api.create(key, "/api/v1/webhooks", Map.of("url", url, "events", types, "secret", SECRET));
    }

    private JsonNode delivery(String hook) {
        String body = api.get(key, "/api/v1/webhooks/" + hook + "/deliveries").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        JsonNode items = JSON.readTree(body).get("items");
        assertThat(items.size()).isEqualTo(1);
        return items.get(0);
    }

    private static String hmac(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
