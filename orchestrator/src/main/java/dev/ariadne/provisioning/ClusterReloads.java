package dev.ariadne.provisioning;

import dev.ariadne.cluster.PjsipBroadcast;
import dev.ariadne.cluster.RegistrarLease;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * This node's Asterisk follows the others: a trunk change another node wrote reloads the PJSIP modules here
 * (changes within {@link #COALESCE} share one reload), and gaining or losing the registrar lease reloads the
 * outbound registrations, so that the new registrar registers the trunks within seconds and the old one stops.
 */
@Component
@ConditionalOnProperty(prefix = "ariadne.ari", name = "enabled", havingValue = "true", matchIfMissing = true)
class ClusterReloads implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ClusterReloads.class);
    static final Duration COALESCE = Duration.ofMillis(200);
    private final PjsipBroadcast broadcast;
    private final RegistrarLease lease;
    private final AsteriskConfigNotifier notifier;
    private volatile Disposable running;

    ClusterReloads(PjsipBroadcast broadcast, RegistrarLease lease, AsteriskConfigNotifier notifier) {
        this.broadcast = broadcast;
        this.lease = lease;
        this.notifier = notifier;
    }

    /**
     * One reload per burst of signals: the first waits {@code window}, and the signals until the reload starts are
     * served by it; one reload at a time, and a signal during a reload gets one more after it.
     */
    static Flux<Void> coalesced(Flux<?> signals, Duration window, Supplier<Mono<Void>> reload) {
        return Flux.defer(() -> {
            AtomicLong seen = new AtomicLong();
            AtomicLong covered = new AtomicLong();
            return signals.map(x -> seen.incrementAndGet())
                    .onBackpressureLatest()
                    .concatMap(n -> n <= covered.get() ? Mono.<Void>empty() : Mono.delay(window).then(Mono.defer(() -> {
                        covered.set(seen.get());
                        return reload.get()
                                .retryWhen(Retry.backoff(3, Duration.ofSeconds(1)))
                                .onErrorResume(e -> {
                                    log.warn("Asterisk did not reload after a cluster change: {}", e.toString());
                                    return Mono.empty();
                                });
                    })), 1);
        });
    }

    @Override
    public void start() {
        Disposable pjsip = coalesced(broadcast.fromOtherNodes(), COALESCE, () -> {
            log.info("PJSIP rows changed on another node: reloading this node's Asterisk");
            return notifier.reloadAll();
        }).subscribe();
        Disposable registrar = coalesced(lease.changes(), COALESCE, () -> {
            log.info("registrar lease {}: reloading the outbound registrations", lease.held() ? "gained" : "lost");
            return notifier.reloadRegistrations();
        }).subscribe();
        running = Disposables.composite(List.of(pjsip, registrar));
    }

    @Override
    public void stop() {
        Disposable d = running;
        if (d != null) {
            d.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable d = running;
        return d != null && !d.isDisposed();
    }
}
