package dev.ariadne.stats;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Prints what {@code GET /api/v1/trunks/{id}/stats} costs over 100,000 call records of one trunk in the window (and
 * 100,000 of another trunk beside them), and {@code GET /api/v1/dashboard} over all 200,000 of the tenant: p50/p99 of 50 requests through the API on the embedded PostgreSQL; asserts
 * nothing (a benchmark: the class name keeps it out of the *Tests run). Run: {@code ./mvnw -B -q -pl orchestrator -am
 * test -Dtest=TrunkStatsBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ApiTest
class TrunkStatsBenchmark {
    private static final int RECORDS = 100_000;

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient db;

    @DynamicPropertySource
    static void quiet(DynamicPropertyRegistry registry) {
        registry.add("logging.level.dev.ariadne", () -> "WARN");
    }

    @Test
    void printStatsAndDashboardLatencyOver100kRecords() {
        Api api = new Api(web);
        String key = api.tenant("pro");
        UUID trunk = UUID.fromString(api.trunk(key, "bench"));
        UUID other = UUID.fromString(api.trunk(key, "bench-other"));
        long t0 = System.nanoTime();
        for (UUID t : new UUID[] {trunk, other}) {
            // Calls over the last 30 days: 3 in 5 completed with media, the rest rejected or failed.
            db.sql("""
                    INSERT INTO ariadne.calls (id, tenant_id, trunk_id, direction, status, cause, started_at,
                      answered_at, ended_at, frames_in, frames_lost, jitter_ms, mos, billed_seconds, cost)
                    SELECT gen_random_uuid(), tr.tenant_id, tr.id, 'inbound',
                      CASE WHEN i % 5 < 3 THEN 'completed' WHEN i % 5 = 3 THEN 'rejected' ELSE 'failed' END,
                      CASE WHEN i % 5 < 3 THEN 'caller_hangup' WHEN i % 5 = 3 THEN 'busy' ELSE 'agent_unreachable' END,
                      now() - make_interval(secs => i * 25.9),
                      CASE WHEN i % 5 <> 3 THEN now() - make_interval(secs => i * 25.9 - 2) END,
                      now() - make_interval(secs => i * 25.9 - 2 - (i % 600)),
                      CASE WHEN i % 5 < 3 THEN 5000 + i % 1000 ELSE 0 END, i % 30, (i % 400) / 10.0, 3 + (i % 140) / 100.0,
                      i % 600, (i % 600) / 60.0 * 0.02
                    FROM generate_series(1, :n) i, ariadne.trunks tr WHERE tr.id = :trunk""")
                    .bind("n", RECORDS).bind("trunk", t).fetch().rowsUpdated().block();
        }
        db.sql("ANALYZE ariadne.calls").fetch().rowsUpdated().block();
        System.out.printf("inserted %,d call records in %d ms%n", 2 * RECORDS, (System.nanoTime() - t0) / 1_000_000);

        String uri = "/api/v1/trunks/" + trunk + "/stats?from=" + java.time.Instant.now().minus(java.time.Duration.ofDays(31))
                + "&to=" + java.time.Instant.now().plusSeconds(60);
        measure(api, key, "trunk stats over " + String.format("%,d", RECORDS) + " records in the window", uri);
        // The dashboard: today, the last 7 days, the worst trunks and the month to date, of the tenant's 200,000 records.
        measure(api, key, "dashboard over the tenant's " + String.format("%,d", 2 * RECORDS) + " records", "/api/v1/dashboard");
    }

    private static void measure(Api api, String key, String what, String uri) {
        for (int i = 0; i < 5; i++) {
            api.get(key, uri).expectStatus().isOk(); // warm-up
        }
        long[] nanos = new long[50];
        String body = null;
        for (int i = 0; i < nanos.length; i++) {
            long s = System.nanoTime();
            body = api.get(key, uri).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            nanos[i] = System.nanoTime() - s;
        }
        Arrays.sort(nanos);
        System.out.printf("%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (load avg %.2f, %d cores)%n", what,
                nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6, nanos[nanos.length - 1] / 1e6,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        System.out.println("answer: " + body);
    }
}
