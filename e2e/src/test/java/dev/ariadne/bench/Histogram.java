package dev.ariadne.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

// Latency histogram with 10 us buckets up to 1 s (beyond: last bucket), exact max; lock-free, any thread.
final class Histogram {

    static final long BUCKET_NANOS = 10_000;
    private static final int BUCKETS = 100_000;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong max = new AtomicLong();
    private final AtomicLong over = new AtomicLong();
    private final long overNanos;

    /** @param overNanos values above this are also counted as "late" */
    Histogram(long overNanos) {
        this.overNanos = overNanos;
    }

    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts.incrementAndGet((int) Math.min(BUCKETS - 1, v / BUCKET_NANOS));
        count.incrementAndGet();
        max.accumulateAndGet(v, Math::max);
        if (v > overNanos) {
            over.incrementAndGet();
        }
    }

    long count() {
        return count.get();
    }

    long over() {
        return over.get();
    }

    double maxMillis() {
        return max.get() / 1e6;
    }

    /** Upper edge of the bucket holding the q-quantile, in ms (so within 0.01 ms above the true value). */
    double percentileMillis(double q) {
        long n = count.get();
        if (n == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min((i + 1) * BUCKET_NANOS, max.get()) / 1e6;
            }
        }
        return maxMillis();
    }
}
