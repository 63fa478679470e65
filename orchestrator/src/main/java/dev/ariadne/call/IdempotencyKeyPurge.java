package dev.ariadne.call;

import dev.ariadne.call.data.IdempotencyKeys;
import dev.ariadne.jobs.PeriodicPass;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/** Forgets idempotency keys older than {@code ariadne.outbound.idempotency-retention}, once an hour. */
@Component
class IdempotencyKeyPurge implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurge.class);
    private final PeriodicPass pass;

    IdempotencyKeyPurge(IdempotencyKeys keys, OutboundProperties props) {
        this.pass = new PeriodicPass("idempotency key purge", Flux.interval(Duration.ofMinutes(1), Duration.ofHours(1)),
                () -> keys.purge(props.idempotencyRetention())
                        .doOnNext(n -> {
                            if (n > 0) {
                                log.info("forgot {} idempotency key(s) older than {}", n, props.idempotencyRetention());
                            }
                        })
                        .then(),
                log);
    }

    @Override
    public void start() {
        pass.start();
    }

    @Override
    public void stop() {
        pass.stop();
    }

    @Override
    public boolean isRunning() {
        return pass.isRunning();
    }
}
