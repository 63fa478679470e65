package dev.ariadne.bench;

import java.util.Arrays;
import java.util.Locale;

/** Latencies of one benchmark phase and the figures printed for it (nearest-rank percentiles). */
record LatencyStats(String phase, int concurrency, long[] nanos, long wallNanos) {

    LatencyStats {
        nanos = nanos.clone();
        Arrays.sort(nanos);
    }

    int count() {
        return nanos.length;
    }

    double percentileMs(double p) {
        // Nearest rank: the smallest latency with at least p of all requests at or below it.
        int rank = (int) Math.ceil(p / 100.0 * nanos.length);
        return nanos[Math.max(0, rank - 1)] / 1e6;
    }

    double maxMs() {
        return nanos[nanos.length - 1] / 1e6;
    }

    double meanMs() {
        return Arrays.stream(nanos).average().orElse(0) / 1e6;
    }

    double requestsPerSecond() {
        return nanos.length / (wallNanos / 1e9);
    }

    static String header() {
        return String.format(Locale.ROOT, "%-34s %5s %6s %8s %8s %8s %8s %8s %8s", "phase", "conc", "count",
                "p50 ms", "p95 ms", "p99 ms", "max ms", "mean ms", "req/s");
    }

    String row() {
        return String.format(Locale.ROOT, "%-34s %5d %6d %8.2f %8.2f %8.2f %8.2f %8.2f %8.1f", phase, concurrency,
                count(), percentileMs(50), percentileMs(95), percentileMs(99), maxMs(), meanMs(), requestsPerSecond());
    }
}
