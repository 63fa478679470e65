package dev.ariadne.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ariadne.call.data.CallRepository;
import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import dev.ariadne.support.EventRows;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tenant's call records write call.started, call.answered and call.ended to the outbox in their own transaction. */
@ApiTest
class CallEventsTests {
    static final Duration T = Duration.ofSeconds(10);
    @Autowired
    WebTestClient web;
    @Autowired
    CallRepository records;
    @Autowired
    DatabaseClient db;

    Api api;
    String key;
    UUID tenantId;
    UUID trunkId;

    @BeforeEach
    void setUp() {
        api = new Api(web);
        key = api.tenant("pro");
        trunkId = UUID.fromString(api.trunk(key, "t"));
        tenantId = dev.ariadne.support.TrunkRows.tenantOf(db, trunkId);
    }

    @Test
    void aCallsStartAnswerAndEndAreEventsAndTheEndCarriesTheRecordAsTheApiShowsIt() {
        UUID id = UUID.randomUUID();
        records.insertStarted(id, "inbound", "+15550001111", "+15552220001", "ch-" + id, null, "test", null, null)
                .block(T);
        assertThat(EventRows.of(db, tenantId)).as("no tenant yet, no event").isEmpty();
        records.routed(id, tenantId, trunkId, null, null).block(T);
        records.answered(id, "ulaw", null).block(T);
        records.finish(id, "completed", "caller_hangup", 16, null, new CallRecord.Media(100, 99, 1, 0, 0, 2.5), "bye")
                .block(T);
        records.finish(id, "failed", "late", 41, null, CallRecord.Media.NONE, null).block(T); // already ended: no event

        List<EventRows.Row> events = EventRows.of(db, tenantId);
        assertThat(events).extracting(EventRows.Row::type).containsExactly("call.started", "call.answered", "call.ended");
        assertThat(events.get(0).data().get("call").get("status").asString()).isEqualTo("routing");
        assertThat(events.get(0).data().get("call").get("trunkId").asString()).isEqualTo(trunkId.toString());
        assertThat(events.get(1).data().get("call").get("status").asString()).isEqualTo("answered");
        String shown = api.get(key, "/api/v1/calls/" + id).expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody();
        assertThat(events.get(2).data().get("call")).isEqualTo(JsonMapper.builder().build().readTree(shown));
    }

    @Test
    void aCallWhoseEventCannotBeWrittenKeepsItsRecordUnchangedToo() {
        UUID id = UUID.randomUUID();
        records.insertStarted(id, "inbound", "+15550001111", "+15552220002", "ch-" + id, null, "test", null, null)
                .then(records.routed(id, tenantId, trunkId, null, null))
                .block(T);
        String refuse = "refuse_" + id.toString().replace("-", "");
        db.sql("ALTER TABLE ariadne.events ADD CONSTRAINT " + refuse + " CHECK (payload #>> '{call,id}' IS DISTINCT FROM '"
                + id + "' OR type <> 'call.ended')").fetch().rowsUpdated().block(T);
        try {
            assertThatThrownBy(() -> records.finish(id, "completed", "caller_hangup", 16, null, CallRecord.Media.NONE,
                    null).block(T)).hasMessageContaining(refuse);
        } finally {
            db.sql("ALTER TABLE ariadne.events DROP CONSTRAINT " + refuse).fetch().rowsUpdated().block(T);
        }
        JsonNode record = JsonMapper.builder().build().readTree(api.get(key, "/api/v1/calls/" + id).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(record.get("status").asString()).as("the finish rolled back with its event").isEqualTo("routing");
        assertThat(record.has("endedAt")).isFalse();
        assertThat(records.finish(id, "completed", "caller_hangup", 16, null, CallRecord.Media.NONE, null).block(T))
                .isTrue();
        assertThat(EventRows.of(db, tenantId)).extracting(EventRows.Row::type).containsExactly("call.started", "call.ended");
    }

    @Test
    void anInboundCallAnsweredBeforeRoutingRecordedItsTenantStillHasEachEventOnce() {
        UUID id = UUID.randomUUID();
        records.insertStarted(id, "inbound", "+15550001111", "+15552220004", "ch-" + id, null, "test", null, null)
                .then(records.answered(id, "ulaw", null)) // the call's set-up won the race with the routing UPDATE
                .then(records.routed(id, tenantId, trunkId, null, null))
                .block(T);
        records.finish(id, "completed", "caller_hangup", 16, null, CallRecord.Media.NONE, null).block(T);
        List<EventRows.Row> events = EventRows.of(db, tenantId);
        assertThat(events).extracting(EventRows.Row::type).containsExactly("call.started", "call.answered", "call.ended");
        assertThat(events.get(1).data().get("call").get("answeredAt")).isNotNull();
    }

    @Test
    void anOutboundCallStartsWithItsInsert() {
        UUID agent = UUID.fromString(api.agent(key, "a"));
        String e164 = "+1555" + (1000000 + new java.util.Random().nextInt(8999999));
        UUID number = UUID.fromString(api.create(key, "/api/v1/numbers", Map.of("e164", e164, "trunkId",
                trunkId.toString(), "agentId", agent.toString())));
        UUID id = UUID.randomUUID();
        records.insertOutbound(id, tenantId, trunkId, number, agent, e164, "+15557770000", null, "test").block(T);
        List<EventRows.Row> events = EventRows.of(db, tenantId);
        assertThat(events).extracting(EventRows.Row::type).containsExactly("call.started");
        assertThat(events.get(0).data().get("call").get("direction").asString()).isEqualTo("outbound");
        assertThat(events.get(0).data().get("call").get("to").asString()).isEqualTo("+15557770000");
    }
}
