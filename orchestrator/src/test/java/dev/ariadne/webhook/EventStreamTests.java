package dev.ariadne.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/v1/events}: the tenant's events as server-sent events, live and after a Last-Event-ID. */
@ApiTest
class EventStreamTests {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {};
    @Autowired
    WebTestClient web;
    @Autowired
    TenantEvents events;
    @Autowired
    EventHub hub;
    @Autowired
    DatabaseClient db;

    Api api;
    String key;
    UUID tenantId;

    @BeforeEach
    void setUp() {
        api = new Api(web);
        key = api.tenant("pro");
        tenantId = tenantOf(key);
        hub.listening().blockFirst(WAIT);
    }

    @Test
    void anEventRecordedForTheTenantArrivesLiveAndAnotherTenantsDoesNot() {
        UUID other = tenantOf(api.tenant("pro"));
        Flux<ServerSentEvent<String>> stream = open(null);
        StepVerifier.create(stream.filter(e -> e.event() != null))
                .then(() -> {
                    events.record(other, "call.started", Map.of("call", Map.of("id", "theirs"))).block(WAIT);
                    events.record(tenantId, "call.started", Map.of("call", Map.of("id", "ours"))).block(WAIT);
                })
                .assertNext(e -> {
                    assertThat(e.event()).isEqualTo("call.started");
                    JsonNode body = JSON.readTree(e.data());
                    assertThat(body.get("id").asString()).isEqualTo(e.id());
                    assertThat(body.get("type").asString()).isEqualTo("call.started");
                    assertThat(body.get("tenantId").asString()).isEqualTo(tenantId.toString());
                    assertThat(body.get("data").get("call").get("id").asString()).isEqualTo("ours");
                })
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void aClientResumingAfterLastEventIdGetsTheEventsItMissedInOrder() {
        UUID first = record("trunk.health_changed", 1);
        record("trunk.health_changed", 2);
        record("trunk.utilization_high", 3);
        StepVerifier.create(open(first.toString()).filter(e -> e.event() != null).map(e -> e.event() + " " + n(e)))
                .expectNext("trunk.health_changed 2", "trunk.utilization_high 3")
                .then(() -> record("call.ended", 4))
                .expectNext("call.ended 4")
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void theStreamNeedsAnApiKey() {
        web.get().uri("/api/v1/events").accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isUnauthorized();
    }

    /** Records an event and answers its id, read from the outbox. */
    private UUID record(String type, int n) {
        events.record(tenantId, type, Map.of("n", n)).block(WAIT);
        return db.sql("SELECT id FROM ariadne.events WHERE tenant_id = :t ORDER BY created_at DESC, id LIMIT 1")
                .bind("t", tenantId).map(r -> r.get("id", UUID.class)).one().block(WAIT);
    }

    private static String n(ServerSentEvent<String> e) {
        return JSON.readTree(e.data()).get("data").get("n").asString();
    }

    private Flux<ServerSentEvent<String>> open(String lastEventId) {
        var spec = web.get().uri("/api/v1/events").header("Authorization", "Bearer " + key)
                .accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            spec = spec.header("Last-Event-ID", lastEventId);
        }
        return spec.exchange().expectStatus().isOk().returnResult(SSE).getResponseBody();
    }

    private UUID tenantOf(String apiKey) {
        return UUID.fromString((String) api.get(apiKey, "/api/v1/tenant").expectBody(Map.class).returnResult()
                .getResponseBody().get("id"));
    }
}
