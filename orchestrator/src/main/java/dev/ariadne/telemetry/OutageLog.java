package dev.ariadne.telemetry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * The log lines an SRE wants about a dependency that went away (Asterisk's ARI, an agent, the database): one WARN per
 * failed attempt with the reason and the next retry, a single ERROR once the outage has lasted {@code alertAfter},
 * and one INFO with the outage's length when it is over. No stack traces: the reason is the exception's message.
 * Thread-safe; a failure and a recovery may come from different threads.
 */
public final class OutageLog {
    private final Logger log;
    private final String what;
    private final Duration alertAfter;
    private final Clock clock;
    private Instant since;
    private int attempts;
    private boolean alerted;
    private boolean retried;

    /**
     * @param log where the lines go
     * @param what the dependency as a sentence's subject, e.g. "ARI events WebSocket to http://asterisk:8088/"
     * @param alertAfter how long an outage lasts before its one ERROR line
     */
    public OutageLog(Logger log, String what, Duration alertAfter, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.what = Objects.requireNonNull(what, "what");
        this.alertAfter = Objects.requireNonNull(alertAfter, "alertAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An attempt failed for {@code reason}; the next one comes when its trigger fires (no fixed retry). */
    public synchronized void failed(String reason) {
        failed(reason, null);
    }

    /** An attempt failed for {@code reason}; the next one comes in {@code nextRetry}. */
    public synchronized void failed(String reason, Duration nextRetry) {
        Instant now = clock.instant();
        if (since == null) {
            since = now;
        }
        attempts++;
        retried = nextRetry != null;
        Duration down = Duration.between(since, now);
        if (nextRetry == null) {
            log.warn("{} failed ({}); failing for {} s, attempt {}", what, reason, down.toSeconds(), attempts);
        } else {
            log.warn("{} unavailable ({}); down for {} s, attempt {}, next in {} ms", what, reason, down.toSeconds(),
                    attempts, nextRetry.toMillis());
        }
        if (!alerted && down.compareTo(alertAfter) >= 0) {
            alerted = true;
            log.error("{} has been {} for {} s ({} attempts): {}", what, nextRetry == null ? "failing" : "down",
                    down.toSeconds(), attempts, reason);
        }
    }

    /** It works again: one INFO line if it was down, nothing otherwise. */
    public synchronized void recovered() {
        if (since == null) {
            return;
        }
        Duration down = Duration.between(since, clock.instant());
        log.info("{} {} again after {} s ({} failed attempts)", what, retried ? "available" : "works", down.toSeconds(),
                attempts);
        since = null;
        attempts = 0;
        alerted = false;
    }

    /** Whether an outage is going on. */
    public synchronized boolean down() {
        return since != null;
    }
}
