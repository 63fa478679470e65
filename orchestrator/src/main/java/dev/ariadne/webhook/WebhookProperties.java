package dev.ariadne.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery and the tenant's event stream.
 *
 * @param retryBase the first retry's delay; attempt n waits {@code retryBase * 3^(n-1)}, jittered by up to
 *     20 % either way, at most {@code retryMax} (default 10s: 10 s, 30 s, 1.5 min, 4.5 min, ... 1 h)
 * @param retryMax the longest wait between two attempts (default 1h)
 * @param giveUpAfter how long after its event a delivery is still tried; the last attempt comes at that age, and
 *     a delivery failing then is {@code failed} (default 24h)
 * @param connectTimeout how long connecting to a receiver may take (default 5s)
 * @param responseTimeout how long a receiver may take to answer once the request is sent (default 10s)
 * @param pollInterval how often each node looks for due deliveries (default 1s; a new event also wakes it)
 * @param maxInFlight requests this node has in flight at once, over every webhook (default 64)
 * @param maxInFlightPerWebhook requests this node has in flight to one webhook (default 4): a slow receiver
 *     holds at most these, never the others' share
 * @param utilizationThreshold a trunk's active / max calls above which {@code trunk.utilization_high} is sent,
 *     once per upward crossing (default 0.8)
 * @param heartbeat how often {@code GET /api/v1/events} sends a comment line to keep proxies from closing it
 *     (default 15s)
 * @param worker whether this node delivers (default true; every node may, rows are claimed with SKIP LOCKED)
 * @param eventRetention how long the outbox keeps an event (and its deliveries) for the listing and
 *     {@code Last-Event-ID} (default 7d; at least {@code giveUpAfter}); older ones are deleted hourly
 */
@ConfigurationProperties("ariadne.webhooks")
public record WebhookProperties(
        @DefaultValue("10s") Duration retryBase,
        @DefaultValue("1h") Duration retryMax,
        @DefaultValue("24h") Duration giveUpAfter,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("64") int maxInFlight,
        @DefaultValue("4") int maxInFlightPerWebhook,
        @DefaultValue("0.8") double utilizationThreshold,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("true") boolean worker,
        @DefaultValue("7d") Duration eventRetention) {

    public WebhookProperties {
        positive(retryBase, "retry-base");
        positive(retryMax, "retry-max");
        positive(giveUpAfter, "give-up-after");
        positive(connectTimeout, "connect-timeout");
        positive(responseTimeout, "response-timeout");
        positive(pollInterval, "poll-interval");
        positive(heartbeat, "heartbeat");
        if (eventRetention == null || eventRetention.compareTo(giveUpAfter) < 0) {
            throw new IllegalArgumentException("ariadne.webhooks.event-retention must be at least give-up-after");
        }
        if (maxInFlight < 1 || maxInFlightPerWebhook < 1) {
            throw new IllegalArgumentException("ariadne.webhooks.max-in-flight and max-in-flight-per-webhook must be 1 or more");
        }
        if (!(utilizationThreshold > 0 && utilizationThreshold <= 1)) {
            throw new IllegalArgumentException("ariadne.webhooks.utilization-threshold must be above 0 and at most 1");
        }
    }

    /** How long a claimed delivery is this node's: longer than a request can take, so it is never sent twice at once. */
    public Duration lease() {
        return connectTimeout.plus(responseTimeout).plusSeconds(30);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("ariadne.webhooks." + name + " must be positive");
        }
    }
}
