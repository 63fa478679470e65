package dev.ariadne.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code GET /api/v1/trunks/{id}/stats} over generated call records: every figure matches what this test computes from
 * the same records in Java (a sweep for the peak, linear interpolation for percentiles).
 */
@ApiTest
@SuppressWarnings("unchecked")
class TrunkStatsApiTests {
    private static final Duration T = Duration.ofSeconds(10);
    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-02T00:00:00Z");

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient db;

    Api api;
    String key;
    UUID tenantId;
    UUID trunkId;

    /** One generated call: start, answer and end offsets in seconds from FROM (answer/end null: none). */
    record Gen(double start, Double answer, Double end, String status, String cause, long framesIn, long lost,
            Double jitter, Double mos, Integer billed, Double cost) {}

    @BeforeEach
    void setUp() {
        api = new Api(web);
        key = api.tenant("pro");
        trunkId = UUID.fromString(api.trunk(key, "stats"));
        tenantId = dev.ariadne.support.TrunkRows.tenantOf(db, trunkId);
    }

    @Test
    void figuresOverGeneratedCallsMatchThoseComputedIndependently() {
        Random random = new Random(12);
        List<Gen> inWindow = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double start = i * 600 + random.nextInt(3000); // overlapping calls, some in bursts
            int kind = random.nextInt(10);
            Gen g;
            if (kind < 6) {
                double answer = start + 1 + random.nextInt(5);
                double end = answer + 5 + random.nextInt(900) + 0.25;
                int billed = (int) Math.ceil(end - answer);
                g = new Gen(start, answer, end, "completed", "caller_hangup", 1000 + random.nextInt(5000),
                        random.nextInt(40), 1 + random.nextInt(300) / 10.0, 3 + random.nextInt(140) / 100.0, billed,
                        Math.round(billed / 60.0 * 0.02 * 1e6) / 1e6);
            } else if (kind < 8) {
                g = new Gen(start, null, start + 2, "rejected", kind == 6 ? "busy" : "unknown_number", 0, 0, null,
                        null, 0, null);
            } else {
                double answer = start + 2;
                g = new Gen(start, answer, answer + 30, "failed", "agent_unreachable", 0, 0, null, null, 30,
                        Math.round(30 / 60.0 * 0.02 * 1e6) / 1e6);
            }
            inWindow.add(g);
            insert(g, trunkId, tenantId);
        }
        // Outside the window or on another trunk: not counted.
        insert(new Gen(-5, -4.0, 100.0, "completed", "caller_hangup", 10, 0, 1.0, 4.0, 104, 0.1), trunkId, tenantId);
        insert(new Gen(86_400, 86_401.0, 86_500.0, "completed", "caller_hangup", 10, 0, 1.0, 4.0, 99, 0.1), trunkId,
                tenantId);
        UUID other = UUID.fromString(api.trunk(key, "other"));
        insert(new Gen(10, 11.0, 500.0, "completed", "caller_hangup", 10, 0, 1.0, 4.0, 489, 0.1), other, tenantId);

        Map<String, Object> s = api.get(key, "/api/v1/trunks/" + trunkId + "/stats?from=" + FROM + "&to=" + TO)
                .expectStatus().isOk().expectBody(new org.springframework.core.ParameterizedTypeReference<
                        Map<String, Object>>() {}).returnResult().getResponseBody();

        List<Gen> answered = inWindow.stream().filter(g -> g.answer() != null).toList();
        double total = answered.stream().mapToDouble(g -> g.end() - g.answer()).sum();
        Map<String, Long> failures = new TreeMap<>();
        inWindow.stream().filter(g -> !g.status().equals("completed"))
                .forEach(g -> failures.merge(g.cause(), 1L, Long::sum));
        Offset<Double> close = Offset.offset(1e-6);
        assertThat(num(s, "calls")).isEqualTo(60);
        assertThat(num(s, "answered")).isEqualTo(answered.size());
        assertThat(num(s, "answerSeizureRatio")).isCloseTo(answered.size() / 60.0, close);
        assertThat(num(s, "totalDurationSeconds")).isCloseTo(total, Offset.offset(1e-3));
        assertThat(num(s, "averageDurationSeconds")).isCloseTo(total / answered.size(), Offset.offset(1e-3));
        assertThat(num(s, "minutes")).isCloseTo(inWindow.stream().mapToInt(Gen::billed).sum() / 60.0, close);
        Map<String, Long> byCause = new TreeMap<>();
        ((Map<String, Object>) s.get("failuresByCause")).forEach((k, n) -> byCause.put(k, ((Number) n).longValue()));
        assertThat(byCause).isEqualTo(failures).hasSize(3);
        long peak = peak(inWindow);
        assertThat(peak).as("the generated calls overlap").isGreaterThan(1);
        assertThat(num(s, "peakConcurrency")).isEqualTo(peak);
        int max = db.sql("SELECT max_concurrent_calls FROM ariadne.trunks WHERE id = :id").bind("id", trunkId)
                .map(r -> r.get(0, Integer.class)).one().block(T);
        assertThat(num(s, "utilization")).isCloseTo((double) peak / max, close);
        assertThat(num(s, "cost")).isCloseTo(inWindow.stream().filter(g -> g.cost() != null)
                .mapToDouble(Gen::cost).sum(), close);

        List<Gen> withMedia = inWindow.stream().filter(g -> g.framesIn() + g.lost() > 0).toList();
        Map<String, Object> media = (Map<String, Object>) s.get("media");
        assertThat(num(media, "jitterMsP50")).isCloseTo(percentile(withMedia.stream().map(Gen::jitter).toList(), 0.5), close);
        assertThat(num(media, "jitterMsP95")).isCloseTo(percentile(withMedia.stream().map(Gen::jitter).toList(), 0.95), close);
        assertThat(num(media, "lossPercentP95")).isCloseTo(percentile(withMedia.stream()
                .map(g -> 100.0 * g.lost() / (g.framesIn() + g.lost())).toList(), 0.95), close);
        assertThat(num(media, "mosP50")).isCloseTo(percentile(withMedia.stream().map(Gen::mos).toList(), 0.5), close);
    }

    @Test
    void anotherTenantsTrunkIsNotFoundAndBadWindowsAreRefusedWithTheirReason() {
        String stranger = api.tenant("pro");
        api.get(stranger, "/api/v1/trunks/" + trunkId + "/stats").expectStatus().isNotFound();
        api.get(key, "/api/v1/trunks/" + trunkId + "/stats").expectStatus().isOk().expectBody()
                .jsonPath("$.calls").isEqualTo(0)
                .jsonPath("$.answerSeizureRatio").doesNotExist()
                .jsonPath("$.peakConcurrency").isEqualTo(0);
        api.get(key, "/api/v1/trunks/" + trunkId + "/stats?from=" + TO + "&to=" + FROM).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("from")
                .jsonPath("$.errors[0].reason").isEqualTo("must be before to");
        api.get(key, "/api/v1/trunks/" + trunkId + "/stats?from=2026-01-01T00:00:00Z&to=" + TO)
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("to");
        api.get(key, "/api/v1/trunks/" + trunkId + "/stats?from=yesterday").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("from");
    }

    /** The most calls up at once, rejected ones excluded; an end and a start at the same instant do not overlap. */
    private static long peak(List<Gen> calls) {
        record Event(double t, int d) {}
        List<Event> events = new ArrayList<>();
        for (Gen g : calls) {
            if (!g.status().equals("rejected")) {
                events.add(new Event(g.start(), 1));
                events.add(new Event(Math.min(g.end(), 86_400), -1));
            }
        }
        events.sort(Comparator.comparingDouble(Event::t).thenComparingInt(Event::d));
        long running = 0;
        long max = 0;
        for (Event e : events) {
            running += e.d();
            max = Math.max(max, running);
        }
        return max;
    }

    /** PostgreSQL's percentile_cont: linear interpolation between the closest ranks. */
    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = values.stream().sorted().toList();
        double rank = p * (sorted.size() - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (rank - lo);
    }

    private static double num(Map<String, Object> m, String field) {
        return ((Number) m.get(field)).doubleValue();
    }

    private void insert(Gen g, UUID trunk, UUID tenant) {
        var q = db.sql("""
                INSERT INTO ariadne.calls (id, tenant_id, trunk_id, direction, status, cause, started_at, answered_at,
                  ended_at, frames_in, frames_lost, jitter_ms, mos, billed_seconds, cost)
                VALUES (:id, :tenant, :trunk, 'inbound', :status, :cause, :started, :answered, :ended, :fin, :lost,
                  :jitter, :mos, :billed, :cost)""")
                .bind("id", UUID.randomUUID()).bind("tenant", tenant).bind("trunk", trunk)
                .bind("status", g.status()).bind("cause", g.cause()).bind("started", at(g.start()))
                .bind("fin", g.framesIn()).bind("lost", g.lost()).bind("billed", g.billed());
        q = g.answer() == null ? q.bindNull("answered", OffsetDateTime.class) : q.bind("answered", at(g.answer()));
        q = g.end() == null ? q.bindNull("ended", OffsetDateTime.class) : q.bind("ended", at(g.end()));
        q = g.jitter() == null ? q.bindNull("jitter", Double.class) : q.bind("jitter", g.jitter());
        q = g.mos() == null ? q.bindNull("mos", Double.class) : q.bind("mos", g.mos());
        q = g.cost() == null ? q.bindNull("cost", java.math.BigDecimal.class)
                : q.bind("cost", java.math.BigDecimal.valueOf(g.cost()));
        q.fetch().rowsUpdated().block(T);
    }

    private static OffsetDateTime at(double seconds) {
        return OffsetDateTime.ofInstant(FROM.plusNanos((long) (seconds * 1e9)), ZoneOffset.UTC);
    }
}
