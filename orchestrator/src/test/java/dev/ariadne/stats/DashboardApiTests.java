package dev.ariadne.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.cluster.ClusterProperties;
import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import dev.ariadne.support.TrunkRows;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code GET /api/v1/dashboard} over generated records: the figures match those computed here from the same rows. */
@ApiTest
@SuppressWarnings("unchecked")
class DashboardApiTests {
    private static final Duration T = Duration.ofSeconds(10);

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient db;

    @Autowired
    ClusterProperties cluster;

    record Row(UUID trunk, Instant started, String status, BigDecimal cost) {}

    @Test
    void theOverviewMatchesTheTenantsOwnRecordsOnly() {
        Api api = new Api(web);
        String key = api.tenant("pro");
        UUID good = UUID.fromString(api.trunk(key, "good"));
        UUID bad = UUID.fromString(api.trunk(key, "bad"));
        UUID tenant = TrunkRows.tenantOf(db, good);
        Instant now = Instant.now();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) { // the good trunk: 11 of 12 completed
            rows.add(new Row(good, now.minus(Duration.ofHours(i * 12L)).minusSeconds(30), i == 5 ? "failed" : "completed",
                    new BigDecimal("0.010000")));
        }
        for (int i = 0; i < 10; i++) { // the bad trunk: 6 of 10 rejected or failed
            rows.add(new Row(bad, now.minus(Duration.ofHours(i * 15L)).minusSeconds(30),
                    i < 4 ? "completed" : i < 8 ? "rejected" : "failed", null));
        }
        rows.add(new Row(good, now.minus(Duration.ofDays(10)), "failed", new BigDecimal("5"))); // before the week
        rows.forEach(r -> insert(tenant, r));
        // Another tenant's calls count nowhere here.
        String otherKey = api.tenant("pro");
        UUID otherTrunk = UUID.fromString(api.trunk(otherKey, "x"));
        UUID otherTenant = TrunkRows.tenantOf(db, otherTrunk);
        insert(otherTenant, new Row(otherTrunk, now.minusSeconds(60), "failed", new BigDecimal("7")));
        // One call up on the good trunk, on this node.
        db.sql("INSERT INTO ariadne.call_slots (call_id, node_id, tenant_id, trunk_id) VALUES (:c, :n, :t, :k)")
                .bind("c", UUID.randomUUID()).bind("n", cluster.nodeId()).bind("t", tenant).bind("k", good)
                .fetch().rowsUpdated().block(T);

        // The bad trunk's registration was rejected with 403 and its last qualify took 12.5 ms.
        db.sql("UPDATE ariadne.trunks SET registration_status = 'rejected', registration_sip_status = 403,"
                        + " registration_changed_at = now(), health_rtt_ms = 12.5 WHERE id = :id")
                .bind("id", bad).fetch().rowsUpdated().block(T);

        Map<String, Object> d = api.get(key, "/api/v1/dashboard").expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {}).returnResult().getResponseBody();

        Instant day = now.truncatedTo(ChronoUnit.DAYS);
        Instant week = now.minus(Duration.ofDays(7));
        Instant month = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Row> today = rows.stream().filter(r -> !r.started().isBefore(day)).toList();
        List<Row> inWeek = rows.stream().filter(r -> !r.started().isBefore(week)).toList();
        assertThat(((Number) d.get("activeCalls")).longValue()).isEqualTo(1);
        assertPeriod((Map<String, Object>) d.get("today"), today);
        assertPeriod((Map<String, Object>) d.get("last7Days"), inWeek);
        double cost = rows.stream().filter(r -> r.cost() != null && !r.started().isBefore(month))
                .mapToDouble(r -> r.cost().doubleValue()).sum();
        assertThat(((Number) d.get("costThisMonth")).doubleValue()).isCloseTo(cost, Offset.offset(1e-6));

        List<Map<String, Object>> worst = (List<Map<String, Object>>) d.get("worstTrunks");
        assertThat(worst).extracting(w -> w.get("name")).containsExactly("bad", "good");
        long badFailed = inWeek.stream().filter(r -> r.trunk().equals(bad) && !r.status().equals("completed")).count();
        assertThat(((Number) worst.get(0).get("failureRate")).doubleValue()).isCloseTo(badFailed / 10.0, Offset.offset(1e-9));

        List<Map<String, Object>> trunks = (List<Map<String, Object>>) d.get("trunks");
        assertThat(trunks).extracting(t -> t.get("name")).containsExactlyInAnyOrder("good", "bad");
        Map<String, Object> g = trunks.stream().filter(t -> t.get("name").equals("good")).findFirst().orElseThrow();
        assertThat(g).containsEntry("activeCalls", 1).containsEntry("health", "unknown")
                .doesNotContainKey("registration").doesNotContainKey("roundTripMs");
        Map<String, Object> b = trunks.stream().filter(t -> t.get("name").equals("bad")).findFirst().orElseThrow();
        assertThat(b).containsEntry("registration", "rejected").containsEntry("registrationSipStatus", 403)
                .containsEntry("roundTripMs", 12.5);
        assertThat(((Number) g.get("utilization")).doubleValue())
                .isEqualTo(1.0 / ((Number) g.get("maxConcurrentCalls")).doubleValue());
    }

    private static void assertPeriod(Map<String, Object> p, List<Row> rows) {
        long completed = rows.stream().filter(r -> r.status().equals("completed")).count();
        assertThat(((Number) p.get("calls")).longValue()).isEqualTo(rows.size());
        assertThat(((Number) p.get("completed")).longValue()).isEqualTo(completed);
        assertThat(((Number) p.get("successRate")).doubleValue())
                .isCloseTo((double) completed / rows.size(), Offset.offset(1e-9));
    }

    private void insert(UUID tenant, Row r) {
        var q = db.sql("INSERT INTO ariadne.calls (id, tenant_id, trunk_id, direction, status, started_at, cost)"
                        + " VALUES (:id, :tenant, :trunk, 'inbound', :status, :started, :cost)")
                .bind("id", UUID.randomUUID()).bind("tenant", tenant).bind("trunk", r.trunk())
                .bind("status", r.status()).bind("started", OffsetDateTime.ofInstant(r.started(), ZoneOffset.UTC));
        q = r.cost() == null ? q.bindNull("cost", BigDecimal.class) : q.bind("cost", r.cost());
        q.fetch().rowsUpdated().block(T);
    }
}
