package dev.ariadne.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.call.data.CallRepository;
import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The calls API over records in the database: filters, pagination, tenant scoping, hangup of ended calls. */
@ApiTest
class CallApiTests {
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

    UUID call(String to, String status, boolean ended) {
        UUID id = UUID.randomUUID();
        records.insertStarted(id, "inbound", "+15550001111", to, "ch-" + id, "0af7651916cd43dd8448eb211c80319c", "test",
                        "call-" + id + "@192.0.2.1", "192.0.2.1:5060")
                .then(records.routed(id, tenantId, trunkId, null, null))
                .block(T);
        if (ended) {
            records.finish(id, status, "caller_hangup", 16, null, new CallRecord.Media(100, 99, 1, 0, 0, 2.5), "bye")
                    .block(T);
        }
        return id;
    }

    @Test
    void anEndedCallHasItsBilledSecondsAndAQualityScoreFromItsMedia() {
        UUID id = call("+15551110009", null, false);
        records.answered(id, "ulaw", null).block(T);
        // Answered 90.2 s ago: 91 billed seconds (rounded up).
        db.sql("UPDATE ariadne.calls SET answered_at = now() - interval '90.2 seconds' WHERE id = :id").bind("id", id)
                .fetch().rowsUpdated().block(T);
        records.finish(id, "completed", "caller_hangup", 16, null, new CallRecord.Media(1000, 1000, 10, 0, 0, 5.0), "bye")
                .block(T);
        // By hand: loss 10 / 1010 = 0.990 %; d = 2 * 5 + 10 = 20 ms, Id = 0.48; Ie_eff = 95 * 0.990 / (0.990 + 4.3)
        // = 17.78; R = 93.2 - 0.48 - 17.78 = 74.94; MOS = 1 + 0.035 R + 7e-6 R (R - 60)(100 - R) = 3.819.
        api.get(key, "/api/v1/calls/" + id).expectStatus().isOk().expectBody()
                .jsonPath("$.billedSeconds").isEqualTo(91)
                .jsonPath("$.quality.rFactor").value(v -> assertThat(((Number) v).doubleValue()).isCloseTo(74.94,
                        org.assertj.core.data.Offset.offset(0.01)))
                .jsonPath("$.quality.mos").value(v -> assertThat(((Number) v).doubleValue()).isCloseTo(3.819,
                        org.assertj.core.data.Offset.offset(0.001)));

        UUID unpriced = id;
        api.get(key, "/api/v1/calls/" + unpriced).expectStatus().isOk().expectBody().jsonPath("$.cost").doesNotExist();

        // At 0.0125 a minute, 91 billed seconds cost 91 / 60 * 0.0125 = 0.018958 (rounded to 6 places); a later
        // price change leaves the ended call's cost as it was.
        api.patch(key, "/api/v1/trunks/" + trunkId, java.util.Map.of("costPerMinute", 0.0125)).expectStatus().isOk();
        UUID priced = call("+15551110011", null, false);
        records.answered(priced, "ulaw", null).block(T);
        db.sql("UPDATE ariadne.calls SET answered_at = now() - interval '90.2 seconds' WHERE id = :id")
                .bind("id", priced).fetch().rowsUpdated().block(T);
        records.finish(priced, "completed", "caller_hangup", 16, null, CallRecord.Media.NONE, null).block(T);
        api.patch(key, "/api/v1/trunks/" + trunkId, java.util.Map.of("costPerMinute", 1)).expectStatus().isOk();
        api.get(key, "/api/v1/calls/" + priced).expectStatus().isOk().expectBody()
                .jsonPath("$.billedSeconds").isEqualTo(91)
                .jsonPath("$.cost").isEqualTo(0.018958);

        UUID unanswered = call("+15551110010", null, false);
        records.finish(unanswered, "rejected", "unknown_number", 1, null, CallRecord.Media.NONE, null).block(T);
        api.get(key, "/api/v1/calls/" + unanswered).expectStatus().isOk().expectBody()
                .jsonPath("$.billedSeconds").isEqualTo(0)
                .jsonPath("$.quality").doesNotExist();
    }

    @Test
    void callsAreListedWithFiltersAndPagination() {
        UUID a = call("+15551110001", "completed", true);
        call("+15551110002", "rejected", true);
        UUID active = call("+15551110003", null, false);
        api.get(key, "/api/v1/calls").expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(3);
        api.get(key, "/api/v1/calls?status=completed").expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(1)
                .jsonPath("$.items[0].id").isEqualTo(a.toString())
                .jsonPath("$.items[0].media.framesIn").isEqualTo(100)
                .jsonPath("$.items[0].media.jitterMs").isEqualTo(2.5)
                .jsonPath("$.items[0].traceId").isEqualTo("0af7651916cd43dd8448eb211c80319c")
                .jsonPath("$.items[0].sipCallId").isEqualTo("call-" + a + "@192.0.2.1")
                .jsonPath("$.items[0].sourceAddress").isEqualTo("192.0.2.1:5060");
        api.get(key, "/api/v1/calls?number=15551110002").expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(1);
        api.get(key, "/api/v1/calls?trunkId=" + trunkId + "&size=2").expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(3).jsonPath("$.items.length()").isEqualTo(2);
        api.get(key, "/api/v1/calls?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z").expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(0);
        api.get(key, "/api/v1/calls/active").expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(1).jsonPath("$.items[0].id").isEqualTo(active.toString());
    }

    @Test
    void badFiltersAreNamed() {
        api.get(key, "/api/v1/calls?status=busy&from=yesterday").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("from");
        api.get(key, "/api/v1/calls?status=busy").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("status");
    }

    @Test
    void anotherTenantsCallIsNotFoundAndAnEndedCallCannotBeHungUp() {
        UUID a = call("+15551110004", "completed", true);
        String other = api.tenant("pro");
        api.get(other, "/api/v1/calls/" + a).expectStatus().isNotFound();
        api.post(other, "/api/v1/calls/" + a + "/hangup", Map.of()).expectStatus().isNotFound();
        api.get(other, "/api/v1/calls").expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(0);
        api.get(key, "/api/v1/calls/" + a).expectStatus().isOk().expectBody().jsonPath("$.cause").isEqualTo("caller_hangup");
        api.post(key, "/api/v1/calls/" + a + "/hangup", Map.of()).expectStatus().isEqualTo(409);
    }

    @Test
    void aCallNoTenantOwnsIsListedForTheOperatorsOnly() {
        UUID id = UUID.randomUUID();
        String nobodys = "+1555" + (1000000 + (int) (Math.random() * 8999999));
        records.insertStarted(id, "inbound", "+15550001111", nobodys, "ch-" + id, null, "test", "x@y", "192.0.2.9:5060")
                .then(records.finish(id, "rejected", "unknown_number", 1, "no tenant has the number " + nobodys,
                        CallRecord.Media.NONE, null))
                .block(T);

        api.get(key, "/api/v1/calls?number=" + nobodys).expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(0);
        api.get(Api.ADMIN, "/api/v1/admin/calls/unattributed?number=" + nobodys).expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(1)
                .jsonPath("$.items[0].id").isEqualTo(id.toString())
                .jsonPath("$.items[0].tenantId").doesNotExist()
                .jsonPath("$.items[0].cause").isEqualTo("unknown_number")
                .jsonPath("$.items[0].sourceAddress").isEqualTo("192.0.2.9:5060");
        api.get(key, "/api/v1/admin/calls/unattributed").expectStatus().isUnauthorized();
    }
}
