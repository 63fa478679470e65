package dev.ariadne.stats.data;

import dev.ariadne.stats.TrunkStats;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * A trunk's figures computed by PostgreSQL over {@code calls_trunk_started_idx} (trunk, start time): aggregates,
 * percentiles and a running sum over start and end events for the peak; no record is loaded into memory.
 */
@Repository
public class TrunkStatsQueries {
    private static final String WINDOW = "SELECT * FROM ariadne.calls WHERE tenant_id = :tenant AND trunk_id = :trunk"
            + " AND started_at >= :from AND started_at < :to";
    private static final String TOTALS = """
            WITH c AS (%s)
            SELECT count(*) AS calls,
                   count(answered_at) AS answered,
                   coalesce(sum(extract(epoch FROM ended_at - answered_at))
                            FILTER (WHERE answered_at IS NOT NULL AND ended_at IS NOT NULL), 0)::double precision AS total,
                   count(*) FILTER (WHERE answered_at IS NOT NULL AND ended_at IS NOT NULL) AS timed,
                   coalesce(sum(billed_seconds), 0) AS billed,
                   sum(cost) AS cost,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY loss) AS loss50,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY loss) AS loss95,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY jitter_ms) AS jitter50,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY jitter_ms) AS jitter95,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY jitter_ms) AS jitter99,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY mos) AS mos50
            FROM (SELECT *, CASE WHEN frames_in + frames_lost > 0
                                 THEN 100.0 * frames_lost / (frames_in + frames_lost) END AS loss FROM c) m
            """.formatted(WINDOW);
    private static final String FAILURES = "WITH c AS (" + WINDOW + ") SELECT coalesce(cause, 'unknown') AS cause,"
            + " count(*) AS n FROM c WHERE status IN ('failed', 'rejected') GROUP BY 1 ORDER BY 2 DESC, 1";
    // Ends sort before starts at the same instant: a call that ends as another starts did not overlap it.
    private static final String PEAK = """
            WITH c AS (%s), e AS (
              SELECT started_at AS t, 1 AS d FROM c WHERE status <> 'rejected'
              UNION ALL SELECT least(coalesce(ended_at, :to), :to), -1 FROM c WHERE status <> 'rejected')
            SELECT coalesce(max(running), 0) AS peak FROM (SELECT sum(d) OVER (ORDER BY t, d ROWS UNBOUNDED PRECEDING)
                   AS running FROM e) r
            """.formatted(WINDOW);

    private final DatabaseClient db;

    public TrunkStatsQueries(DatabaseClient db) {
        this.db = db;
    }

    public Mono<TrunkStats> stats(UUID tenantId, UUID trunkId, int maxConcurrentCalls, Double qualifyRoundTripMs,
            Instant from, Instant to) {
        Mono<Map<String, Long>> failures = bind(db.sql(FAILURES), tenantId, trunkId, from, to)
                .map(r -> Map.entry(r.get("cause", String.class), r.get("n", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
        Mono<Long> peak = bind(db.sql(PEAK), tenantId, trunkId, from, to)
                .map(r -> ((Number) r.get("peak")).longValue()).one();
        return bind(db.sql(TOTALS), tenantId, trunkId, from, to).map(r -> new Totals(
                        r.get("calls", Long.class), r.get("answered", Long.class), r.get("timed", Long.class),
                        r.get("total", Double.class), ((Number) r.get("billed")).doubleValue(),
                        r.get("cost", BigDecimal.class),
                        new TrunkStats.Media(r.get("loss50", Double.class), r.get("loss95", Double.class),
                                r.get("jitter50", Double.class), r.get("jitter95", Double.class),
                                r.get("jitter99", Double.class), r.get("mos50", Double.class))))
                .one()
                .zipWith(Mono.zip(failures, peak))
                .map(x -> {
                    Totals t = x.getT1();
                    long peakCalls = x.getT2().getT2();
                    return new TrunkStats(trunkId, from, to, t.calls(), t.answered(),
                            t.calls() == 0 ? null : (double) t.answered() / t.calls(),
                            t.timed() == 0 ? null : t.total() / t.timed(), t.total(), t.billed() / 60.0,
                            x.getT2().getT1(), peakCalls,
                            maxConcurrentCalls <= 0 ? 0 : (double) peakCalls / maxConcurrentCalls, t.media(), t.cost(),
                            qualifyRoundTripMs);
                });
    }

    /** The aggregates' row, read while it is valid. */
    private record Totals(long calls, long answered, long timed, double total, double billed, BigDecimal cost,
            TrunkStats.Media media) {}

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec q, UUID tenantId,
            UUID trunkId, Instant from, Instant to) {
        return q.bind("tenant", tenantId).bind("trunk", trunkId)
                .bind("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .bind("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
    }
}
