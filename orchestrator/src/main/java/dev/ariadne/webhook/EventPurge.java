package dev.ariadne.webhook;

import dev.ariadne.jobs.PeriodicPass;
import dev.ariadne.webhook.data.EventOutbox;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Deletes outbox events older than {@code ariadne.webhooks.event-retention} (and their deliveries), once an hour. */
@Configuration(proxyBeanMethods = false)
class EventPurge {
    private static final Logger log = LoggerFactory.getLogger(EventPurge.class);
    /** Rows per DELETE, so that a large backlog is many short statements, not one long lock. */
    static final int BATCH = 10_000;

    @Bean
    PeriodicPass eventPurgePass(EventOutbox outbox, WebhookProperties props) {
        return new PeriodicPass("event purge", Flux.interval(Duration.ofMinutes(2), Duration.ofHours(1)),
                () -> purgeAll(outbox, props.eventRetention())
                        .doOnNext(n -> {
                            if (n > 0) {
                                log.info("deleted {} event(s) older than {} with their deliveries", n,
                                        props.eventRetention());
                            }
                        })
                        .then(),
                log);
    }

    static Mono<Long> purgeAll(EventOutbox outbox, Duration retention) {
        return outbox.purge(retention, BATCH)
                .expand(n -> n == BATCH ? outbox.purge(retention, BATCH) : Mono.empty())
                .reduce(0L, Long::sum);
    }
}
