package dev.ariadne.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** Changes heard from other nodes become reloads of this node's Asterisk: one per burst, one at a time. */
class ClusterReloadsTests {

    @Test
    void aBurstOfChangesWithinTheWindowIsOneReloadAndALaterChangeAnother() {
        AtomicInteger reloads = new AtomicInteger();
        Sinks.Many<String> changes = Sinks.many().multicast().onBackpressureBuffer();
        StepVerifier.withVirtualTime(() -> ClusterReloads.coalesced(changes.asFlux(), Duration.ofMillis(200),
                        () -> Mono.fromRunnable(reloads::incrementAndGet)))
                .then(() -> {
                    for (int i = 0; i < 5; i++) {
                        changes.tryEmitNext("node-b");
                    }
                })
                .thenAwait(Duration.ofMillis(150))
                .then(() -> changes.tryEmitNext("node-c"))
                .then(() -> assertThat(reloads).hasValue(0))
                .thenAwait(Duration.ofMillis(100))
                .then(() -> assertThat(reloads).hasValue(1))
                .thenAwait(Duration.ofSeconds(1))
                .then(() -> changes.tryEmitNext("node-b"))
                .thenAwait(Duration.ofMillis(250))
                .then(() -> assertThat(reloads).hasValue(2))
                .then(changes::tryEmitComplete)
                .verifyComplete();
    }

    @Test
    void aReloadThatFailsIsRetriedAndDoesNotStopTheNextOnes() {
        AtomicInteger attempts = new AtomicInteger();
        Sinks.Many<String> changes = Sinks.many().multicast().onBackpressureBuffer();
        StepVerifier.withVirtualTime(() -> ClusterReloads.coalesced(changes.asFlux(), Duration.ofMillis(200),
                        () -> Mono.defer(() -> attempts.incrementAndGet() < 3
                                ? Mono.error(new IllegalStateException("ARI down")) : Mono.empty())))
                .then(() -> changes.tryEmitNext("node-b"))
                .thenAwait(Duration.ofSeconds(10))
                .then(() -> assertThat(attempts).hasValue(3))
                .then(() -> changes.tryEmitNext("node-b"))
                .thenAwait(Duration.ofSeconds(1))
                .then(() -> assertThat(attempts).hasValue(4))
                .then(changes::tryEmitComplete)
                .verifyComplete();
    }
}
