package dev.ariadne.ratelimit;

/**
 * A token bucket: up to {@code capacity} requests at once, refilled continuously at {@code perSecond}. Time comes
 * from the caller (nanoseconds, monotonic), so tests drive it without sleeping. One per API key or address; its
 * lock is only ever contended by that key's own concurrent requests.
 */
public final class TokenBucket {
    private final double capacity;
    private final double perNano;
    private double tokens;
    private long updated;

    public TokenBucket(int capacity, double perSecond, long nowNanos) {
        if (capacity < 1 || !(perSecond > 0)) {
            throw new IllegalArgumentException("capacity >= 1 and perSecond > 0 required");
        }
        this.capacity = capacity;
        this.perNano = perSecond / 1e9;
        this.tokens = capacity;
        this.updated = nowNanos;
    }

    /** What a request was told: allowed or not, what is left, and when to come back or when the bucket is full. */
    public record Decision(boolean allowed, int limit, int remaining, long retryAfterSeconds, long resetSeconds) {}

    /** Takes one token if there is one. */
    public synchronized Decision tryTake(long nowNanos) {
        refill(nowNanos);
        boolean allowed = tokens >= 1;
        if (allowed) {
            tokens -= 1;
        }
        return decision(allowed);
    }

    /** The decision a request would get now, without taking a token. */
    public synchronized Decision peek(long nowNanos) {
        refill(nowNanos);
        return decision(tokens >= 1);
    }

    private Decision decision(boolean allowed) {
        long retry = allowed ? 0 : ceilSeconds((1 - tokens) / perNano);
        return new Decision(allowed, (int) capacity, (int) Math.floor(tokens), retry,
                ceilSeconds((capacity - tokens) / perNano));
    }

    /** Whether a token is there, without taking it. */
    public synchronized boolean hasToken(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1;
    }

    /** Full again: nothing would change if it were forgotten (a bucket map evicts these). */
    public synchronized boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long now) {
        long elapsed = now - updated;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            updated = now;
        }
    }

    private static long ceilSeconds(double nanos) {
        return Math.max(0, (long) Math.ceil(nanos / 1e9));
    }
}
