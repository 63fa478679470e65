package dev.ariadne.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code ariadne.webhook.deliveries} (label {@code outcome}: {@code delivered}, {@code retry}, {@code failed}): each
 * attempt's outcome; {@code ariadne.webhook.delivery.latency}: from an event being recorded until a webhook answered
 * it with 2xx (retries included); {@code ariadne.webhook.request}: each attempt's HTTP request. No URL, tenant or
 * webhook label: three outcomes, three series.
 */
@Component
class WebhookMeters {
    private final Map<String, Counter> outcomes;
    private final Timer latency;
    private final Timer request;

    WebhookMeters(MeterRegistry registry) {
        outcomes = Map.of(
                "delivered", counter(registry, "delivered"),
                "retry", counter(registry, "retry"),
                "failed", counter(registry, "failed"));
        latency = Timer.builder("ariadne.webhook.delivery.latency")
                .description("from an event being recorded until a webhook answered it with 2xx, retries included")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(5),
                        Duration.ofHours(1))
                .register(registry);
        request = Timer.builder("ariadne.webhook.request")
                .description("one delivery attempt's HTTP request, until the answer or the failure")
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10))
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("ariadne.webhook.deliveries").tag("outcome", outcome)
                .description("webhook delivery attempts by outcome: delivered, retry (tried again later), failed (given up)")
                .register(registry);
    }

    void outcome(String outcome) {
        Counter c = outcomes.get(outcome);
        if (c != null) {
            c.increment();
        }
    }

    void delivered(Duration sinceEvent) {
        latency.record(sinceEvent.isNegative() ? Duration.ZERO : sinceEvent);
    }

    void request(Duration took) {
        request.record(took);
    }
}
