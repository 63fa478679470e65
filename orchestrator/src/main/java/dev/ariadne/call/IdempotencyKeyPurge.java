package dev.ariadne.call;

import dev.ariadne.call.data.IdempotencyKeys;
import dev.ariadne.jobs.PeriodicPass;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;

/** Forgets idempotency keys older than {@code ariadne.outbound.idempotency-retention}, once an hour. */
@Configuration(proxyBeanMethods = false)
class IdempotencyKeyPurge {
    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurge.class);

    @Bean
    PeriodicPass idempotencyKeyPurgePass(IdempotencyKeys keys, OutboundProperties props) {
        return new PeriodicPass("idempotency key purge", Flux.interval(Duration.ofMinutes(1), Duration.ofHours(1)),
                () -> keys.purge(props.idempotencyRetention())
                        .doOnNext(n -> {
                            if (n > 0) {
                                log.info("forgot {} idempotency key(s) older than {}", n, props.idempotencyRetention());
                            }
                        })
                        .then(),
                log);
    }
}
