package dev.ariadne.stats;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's overview: calls up now (every live node), calls and their success today (UTC) and over the last 7
 * days, each trunk with its health and utilization, the worst trunks by failure rate, and the cost this month (UTC).
 */
public record Dashboard(
        Instant at,
        long activeCalls,
        Period today,
        Period last7Days,
        List<TrunkSummary> trunks,
        List<WorstTrunk> worstTrunks,
        BigDecimal costThisMonth) {

    /** Calls that started in the period; {@code successRate} = completed / calls (null without calls). */
    public record Period(long calls, long completed, Double successRate) {}

    /**
     * A trunk now: its health as Asterisk last reported it (with the qualify round trip), its registration state
     * (null when it does not register), and its calls on every live node against its limit.
     */
    public record TrunkSummary(UUID id, String name, boolean enabled, String health, String healthDetail,
            Double roundTripMs, String registration, Integer registrationSipStatus, long activeCalls,
            int maxConcurrentCalls, double utilization) {}

    /** A trunk with at least {@code MIN_CALLS} calls in the last 7 days, by share of calls failed or rejected. */
    public record WorstTrunk(UUID id, String name, long calls, long failed, double failureRate) {}

    public static final int MIN_CALLS = 10;
}
