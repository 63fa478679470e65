package dev.ariadne.call;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbound calls.
 *
 * @param progressTimeout how long an attempt may go without a sign of progress from the carrier (180 Ringing or
 *     183 Session Progress) before it counts as the carrier's failure ({@code no_response}) and the next trunk is
 *     tried (default 5s). Asterisk reports no 100 Trying through ARI, so this also covers a carrier that sends
 *     Trying and then nothing. Set it above the longest post-dial delay of the tenants' carriers.
 * @param defaultRingTimeout how long the callee's phone rings when the request names no
 *     {@code ringTimeoutSeconds} (default 30s)
 * @param idempotencyRetention how long an {@code Idempotency-Key} keeps returning its call (default 24h)
 */
@ConfigurationProperties("ariadne.outbound")
public record OutboundProperties(
        @DefaultValue("5s") Duration progressTimeout,
        @DefaultValue("30s") Duration defaultRingTimeout,
        @DefaultValue("24h") Duration idempotencyRetention) {

    public OutboundProperties {
        if (progressTimeout.isNegative() || progressTimeout.isZero()) {
            throw new IllegalArgumentException("ariadne.outbound.progress-timeout must be positive");
        }
        if (idempotencyRetention.compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalArgumentException("ariadne.outbound.idempotency-retention must be at least 24h");
        }
    }
}
