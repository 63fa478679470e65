package dev.ariadne.provisioning;

import dev.ariadne.jobs.PeriodicPass;

import dev.ariadne.ari.AriClient;
import dev.ariadne.ari.AriException;
import dev.ariadne.trunk.Trunk;
import dev.ariadne.trunk.TrunkDirectory;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads what Asterisk knows about each trunk's reachability (the endpoint state that its AOR's qualify keeps:
 * online or offline) into the trunk's health, every {@code ariadne.provisioning.health-interval}. Asterisk calls
 * an endpoint offline until its contact's first qualify too, which comes at a random moment within one qualify
 * period of the contact being loaded (a new trunk, or an Asterisk that (re)started): so an endpoint seen offline
 * within a qualify period of first being seen in this Asterisk stays {@code unknown}, rather than being
 * reported unreachable (and passed over by outbound calls) before it was ever tried.
 */
@Component
@ConditionalOnProperty(prefix = "ariadne.ari", name = "enabled", havingValue = "true", matchIfMissing = true)
class TrunkHealthMonitor implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(TrunkHealthMonitor.class);
    private final AriClient ari;
    private final TrunkDirectory trunks;
    private final PeriodicPass pass;
    private final ProvisioningMeters meters;
    private final dev.ariadne.cluster.CallSlots slots;
    private final UtilizationAlerts utilization;
    private final Duration qualifyGrace;
    /** When each endpoint was first seen in the Asterisk the events stream is connected to now (nanoTime). */
    private final java.util.Map<String, Long> firstSeen = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile reactor.core.Disposable reconnects;

    private final ContactRoundTrips roundTrips;

    TrunkHealthMonitor(AriClient ari, TrunkDirectory trunks, ProvisioningProperties props, ProvisioningMeters meters,
            dev.ariadne.cluster.CallSlots slots, UtilizationAlerts utilization,
            org.springframework.beans.factory.ObjectProvider<dev.ariadne.ami.AmiClient> ami) {
        this.roundTrips = new ContactRoundTrips(ami.getIfAvailable());
        this.utilization = utilization;
        this.meters = meters;
        this.slots = slots;
        this.ari = ari;
        this.trunks = trunks;
        Duration interval = props.healthInterval();
        this.qualifyGrace = Duration.ofSeconds(props.qualifyFrequency()).plus(interval).plusSeconds(2);
        this.pass = new PeriodicPass("trunk health", Flux.interval(interval, interval), this::checkOnce, log);
    }

    Mono<Void> checkOnce() {
        return trunks.applied().concatMap(this::check, 4).collectList()
                .zipWith(slots.usageByTrunk())
                .doOnNext(x -> meters.trunks(x.getT1(), x.getT2()))
                .flatMap(x -> utilization.check(x.getT1(), x.getT2()))
                .then();
    }

    private Mono<ProvisioningMeters.TrunkSeen> check(Trunk t) {
        long seen = firstSeen.computeIfAbsent(t.endpointId(), k -> System.nanoTime());
        boolean qualified = System.nanoTime() - seen > qualifyGrace.toNanos();
        return ari.endpoint("PJSIP", t.endpointId())
                .map(e -> switch (e.state() == null ? "" : e.state()) {
                    case "online" -> new String[] {"reachable", "Asterisk qualifies the carrier as online"};
                    case "offline" -> qualified
                            ? new String[] {"unreachable", "the carrier does not answer OPTIONS"}
                            : new String[] {"unknown", "not qualified yet"};
                    default -> new String[] {"unknown", "Asterisk reports state " + e.state()};
                })
                .onErrorResume(AriException.class, e -> Mono.just(e.isNotFound()
                        ? new String[] {"unknown", "Asterisk has not loaded the endpoint yet"}
                        : new String[] {"unknown", "Asterisk not reachable: " + e.getMessage()}))
                .zipWith(roundTrips.of(t.endpointId()))
                .flatMap(x -> {
                    String[] h = x.getT1();
                    Double rtt = x.getT2().orElse(null);
                    boolean same = h[0].equals(t.health().status()) && h[1].equals(t.health().detail())
                            && !ContactRoundTrips.changed(t.health().roundTripMs(), rtt);
                    return (same ? Mono.<Void>empty() : trunks.markHealth(t.endpointId(), h[0], h[1], rtt))
                            .thenReturn(new ProvisioningMeters.TrunkSeen(t, h[0]));
                });
    }

    @Override
    public void start() {
        // A (re)connected Asterisk may have (re)started: every contact waits for its first qualify again.
        reconnects = ari.events().filter(dev.ariadne.ari.AriEvent.Connected.class::isInstance)
                .subscribe(c -> firstSeen.clear(), e -> {});
        pass.start();
    }

    @Override
    public void stop() {
        pass.stop();
        reactor.core.Disposable r = reconnects;
        if (r != null) {
            r.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return pass.isRunning();
    }
}
