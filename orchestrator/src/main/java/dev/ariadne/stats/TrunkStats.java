package dev.ariadne.stats;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A trunk's figures over the calls that started in {@code [from, to)}.
 *
 * @param answerSeizureRatio answered / calls (null without calls)
 * @param totalDurationSeconds answer to end, summed over the answered calls that ended
 * @param minutes billed minutes (billed seconds / 60)
 * @param failuresByCause the causes of calls that ended {@code failed} or {@code rejected}, with their counts
 * @param peakConcurrency the most calls up at once (admitted calls: not rejected), from their start and end times
 * @param utilization peak concurrency / the trunk's maxConcurrentCalls
 * @param cost the calls' costs at the trunk's price when each ended; null when none had a price
 * @param qualifyRoundTripMs the round trip of Asterisk's latest qualify of the carrier (now, not over the window:
 *     Asterisk keeps no history); null when it did not answer or AMI is off
 */
public record TrunkStats(
        UUID trunkId,
        Instant from,
        Instant to,
        long calls,
        long answered,
        Double answerSeizureRatio,
        Double averageDurationSeconds,
        double totalDurationSeconds,
        double minutes,
        Map<String, Long> failuresByCause,
        long peakConcurrency,
        double utilization,
        Media media,
        BigDecimal cost,
        Double qualifyRoundTripMs) {

    /** Percentiles over the calls with media (continuous, as PostgreSQL's percentile_cont). */
    public record Media(Double lossPercentP50, Double lossPercentP95, Double jitterMsP50, Double jitterMsP95,
            Double jitterMsP99, Double mosP50) {}
}
