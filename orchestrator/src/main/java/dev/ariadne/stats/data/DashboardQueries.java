package dev.ariadne.stats.data;

import dev.ariadne.stats.Dashboard;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The dashboard's figures by SQL over the calls' (tenant, start time) index; nothing is loaded into memory. */
@Repository
public class DashboardQueries {
    private static final String PERIODS = """
            SELECT count(*) FILTER (WHERE started_at >= :day) AS today,
                   count(*) FILTER (WHERE started_at >= :day AND status = 'completed') AS today_completed,
                   count(*) AS week,
                   count(*) FILTER (WHERE status = 'completed') AS week_completed
            FROM ariadne.calls WHERE tenant_id = :tenant AND started_at >= :week""";
    private static final String COST = "SELECT sum(cost) AS cost FROM ariadne.calls WHERE tenant_id = :tenant"
            + " AND started_at >= :month";
    private static final String WORST = """
            SELECT c.trunk_id, t.name, count(*) AS calls,
                   count(*) FILTER (WHERE c.status IN ('failed', 'rejected')) AS failed
            FROM ariadne.calls c JOIN ariadne.trunks t ON t.id = c.trunk_id
            WHERE c.tenant_id = :tenant AND c.started_at >= :week
            GROUP BY c.trunk_id, t.name HAVING count(*) >= :min
            ORDER BY count(*) FILTER (WHERE c.status IN ('failed', 'rejected'))::double precision / count(*) DESC,
                     count(*) DESC
            LIMIT 5""";

    private final DatabaseClient db;

    public DashboardQueries(DatabaseClient db) {
        this.db = db;
    }

    /** Calls today (from {@code day}) and in the 7 days from {@code week}. */
    public Mono<Dashboard.Period[]> periods(UUID tenantId, Instant day, Instant week) {
        return db.sql(PERIODS).bind("tenant", tenantId).bind("day", utc(day)).bind("week", utc(week))
                .map(r -> new Dashboard.Period[] {
                    period(r.get("today", Long.class), r.get("today_completed", Long.class)),
                    period(r.get("week", Long.class), r.get("week_completed", Long.class))})
                .one();
    }

    /** The cost of the calls that started since {@code month}; empty when none had a price. */
    public Mono<BigDecimal> cost(UUID tenantId, Instant month) {
        return db.sql(COST).bind("tenant", tenantId).bind("month", utc(month))
                .map(r -> java.util.Optional.ofNullable(r.get("cost", BigDecimal.class))).one()
                .flatMap(Mono::justOrEmpty);
    }

    public Flux<Dashboard.WorstTrunk> worstTrunks(UUID tenantId, Instant week) {
        return db.sql(WORST).bind("tenant", tenantId).bind("week", utc(week)).bind("min", Dashboard.MIN_CALLS)
                .map(r -> {
                    long calls = r.get("calls", Long.class);
                    long failed = r.get("failed", Long.class);
                    return new Dashboard.WorstTrunk(r.get("trunk_id", UUID.class), r.get("name", String.class), calls,
                            failed, (double) failed / calls);
                })
                .all();
    }

    private static Dashboard.Period period(long calls, long completed) {
        return new Dashboard.Period(calls, completed, calls == 0 ? null : (double) completed / calls);
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
