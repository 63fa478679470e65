package dev.ariadne.webhook;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The wait before attempt n + 1: {@code base * 3^(n-1)}, at most {@code max}, jittered by up to 20 % either way. */
final class Retries {
    private final Duration base;
    private final Duration max;

    Retries(Duration base, Duration max) {
        this.base = base;
        this.max = max;
    }

    /** @param attempts attempts made so far, this one included (1 or more) */
    Duration after(int attempts) {
        double factor = Math.pow(3, Math.min(Math.max(attempts, 1) - 1, 30));
        double ms = Math.min(base.toMillis() * factor, max.toMillis());
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) Math.min(ms * jitter, max.toMillis()));
    }
}
