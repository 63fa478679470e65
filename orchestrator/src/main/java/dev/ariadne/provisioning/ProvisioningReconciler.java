package dev.ariadne.provisioning;

import dev.ariadne.jobs.PeriodicPass;

import dev.ariadne.provisioning.data.ProvisioningOutbox;
import dev.ariadne.trunk.TrunkDirectory;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Applies queued trunk changes to Asterisk: right after each commit and every reconcile interval, so that a
 * change made while Asterisk was unreachable is applied once it is back. The trunk's provisioning status
 * says where it stands: pending (stored, Asterisk not told yet), applied, failed (with the error; retried),
 * or disabled.
 */
@Component
class ProvisioningReconciler implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ProvisioningReconciler.class);
    private final ProvisioningOutbox outbox;
    private final TrunkDirectory trunks;
    private final dev.ariadne.provisioning.data.PjsipRowWriter writer;
    private final Optional<AsteriskConfigNotifier> notifier;
    private final Duration interval;
    private final Sinks.Many<Boolean> kicks = Sinks.many().multicast().directBestEffort();
    private final PeriodicPass pass;
    private final ProvisioningMeters meters;

    ProvisioningReconciler(
            ProvisioningOutbox outbox,
            dev.ariadne.provisioning.data.PjsipRowWriter writer,
            TrunkDirectory trunks,
            ObjectProvider<AsteriskConfigNotifier> notifier,
            ProvisioningProperties props,
            ProvisioningMeters meters) {
        this.meters = meters;
        this.outbox = outbox;
        this.writer = writer;
        this.trunks = trunks;
        this.notifier = Optional.ofNullable(notifier.getIfAvailable());
        this.interval = props.reconcileInterval();
        this.pass = new PeriodicPass("reconcile", Flux.merge(Flux.interval(interval), kicks.asFlux()),
                this::reconcileOnce, log);
    }

    void kick() {
        kicks.tryEmitNext(Boolean.TRUE);
    }

    /** One pass over the pending changes; public to the package for tests. */
    Mono<Void> reconcileOnce() {
        if (notifier.isEmpty()) {
            return Mono.empty();
        }
        AsteriskConfigNotifier n = notifier.get();
        Mono<Long> orphans = writer.deleteOrphanAuths(java.time.Duration.ofSeconds(10));
        return orphans.thenMany(outbox.pending(100)).collectList().flatMap(entries -> {
            if (entries.isEmpty()) {
                meters.pass(0, false);
                return Mono.<Void>empty();
            }
            var changes = entries.stream()
                    .map(e -> new PjsipChange(e.endpointId(), e.action().equals("remove"),
                            PjsipMapper.registrationId(e.endpointId())))
                    .toList();
            return n.apply(changes)
                    .then(Flux.fromIterable(entries)
                            .concatMap(e -> outbox.done(e.id()).doOnNext(meters::applied).then(trunks.markProvisioning(
                                    e.trunkId(), e.action().equals("remove") ? "disabled" : "applied", null)))
                            .then())
                    .doOnSuccess(x -> meters.pass(0, false))
                    .onErrorResume(err -> {
                        meters.pass(entries.size(), true);
                        String msg = err.getClass().getSimpleName() + ": " + err.getMessage();
                        log.warn("{} provisioning change(s) not applied yet, will retry: {}", entries.size(), msg);
                        return Flux.fromIterable(entries)
                                .concatMap(e -> outbox.failed(e.id(), msg)
                                        .then(trunks.markProvisioning(e.trunkId(), "failed", msg)))
                                .then();
                    });
        });
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
