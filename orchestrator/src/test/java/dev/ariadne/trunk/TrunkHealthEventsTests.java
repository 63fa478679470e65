package dev.ariadne.trunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import dev.ariadne.support.EventRows;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A trunk's stored health that changes status is a trunk.health_changed event, with the status before and after. */
@ApiTest
class TrunkHealthEventsTests {
    static final Duration T = Duration.ofSeconds(10);
    @Autowired
    WebTestClient web;
    @Autowired
    TrunkDirectory trunks;
    @Autowired
    DatabaseClient db;

    @Test
    void aChangedHealthStatusIsAnEventAndAChangedDetailAloneIsNot() {
        Api api = new Api(web);
        String key = api.tenant("pro");
        UUID trunkId = UUID.fromString(api.trunk(key, "carrier-a"));
        UUID tenantId = dev.ariadne.support.TrunkRows.tenantOf(db, trunkId);
        String endpoint = db.sql("SELECT endpoint_id FROM ariadne.trunks WHERE id = :id").bind("id", trunkId)
                .map(r -> r.get("endpoint_id", String.class)).one().block(T);

        trunks.markHealth(endpoint, "reachable", "Asterisk qualifies the carrier as online", 3.25).block(T);
        trunks.markHealth(endpoint, "reachable", "another detail", 3.5).block(T);
        trunks.markHealth(endpoint, "unreachable", "the carrier does not answer OPTIONS", null).block(T);

        List<EventRows.Row> events = EventRows.of(db, tenantId);
        assertThat(events).extracting(EventRows.Row::type).containsExactly("trunk.health_changed", "trunk.health_changed");
        assertThat(events.get(0).data().get("previous").asString()).isEqualTo("unknown");
        assertThat(events.get(0).data().get("status").asString()).isEqualTo("reachable");
        assertThat(events.get(0).data().get("roundTripMs").asDouble()).isEqualTo(3.25);
        assertThat(events.get(1).data().get("previous").asString()).isEqualTo("reachable");
        assertThat(events.get(1).data().get("status").asString()).isEqualTo("unreachable");
        assertThat(events.get(1).data().get("detail").asString()).isEqualTo("the carrier does not answer OPTIONS");
        assertThat(events.get(1).data().get("trunkId").asString()).isEqualTo(trunkId.toString());
        assertThat(events.get(1).data().get("name").asString()).isEqualTo("carrier-a");
        api.get(key, "/api/v1/trunks/" + trunkId).expectBody().jsonPath("$.health.status").isEqualTo("unreachable");
    }

    @Test
    void aChangedRegistrationStatusIsAnEventWithTheSipStatusAndAChangedDetailAloneIsNot() {
        Api api = new Api(web);
        String key = api.tenant("pro");
        UUID trunkId = UUID.fromString(api.trunk(key, "registering"));
        UUID tenantId = dev.ariadne.support.TrunkRows.tenantOf(db, trunkId);
        Trunk trunk = trunks.byId(trunkId).block(T);

        RegistrationChange first = trunks.markRegistration(trunk,
                new Trunk.Registration("unregistered", null, "not registered yet", null)).block(T);
        RegistrationChange rejected = trunks.markRegistration(trunk,
                new Trunk.Registration("rejected", 401, "wrong password", null)).block(T);
        RegistrationChange detail = trunks.markRegistration(trunk,
                new Trunk.Registration("rejected", 401, "wrong password, still", null)).block(T);
        RegistrationChange same = trunks.markRegistration(trunk,
                new Trunk.Registration("rejected", 401, "wrong password, still", null)).block(T);

        assertThat(first.previousStatus()).isNull();
        assertThat(rejected.previousStatus()).isEqualTo("unregistered");
        assertThat(detail).as("a new detail is stored").isNotNull();
        assertThat(detail.changedAt()).as("changedAt moves with the status only").isEqualTo(rejected.changedAt());
        assertThat(same).as("nothing changed, nothing stored").isNull();
        List<EventRows.Row> events = EventRows.of(db, tenantId);
        assertThat(events).extracting(EventRows.Row::type)
                .containsExactly("trunk.registration_changed", "trunk.registration_changed");
        assertThat(events.get(1).data().get("previous").asString()).isEqualTo("unregistered");
        assertThat(events.get(1).data().get("status").asString()).isEqualTo("rejected");
        assertThat(events.get(1).data().get("sipStatus").asInt()).isEqualTo(401);
        api.get(key, "/api/v1/trunks/" + trunkId).expectBody()
                .jsonPath("$.registration.status").isEqualTo("rejected")
                .jsonPath("$.registration.sipStatus").isEqualTo(401)
                .jsonPath("$.registration.detail").isEqualTo("wrong password, still");
    }
}
