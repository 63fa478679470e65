package dev.ariadne.provisioning;

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
 * online or offline) into the trunk's health, every {@code ariadne.provisioning.health-interval}.
 */
@Component
@ConditionalOnProperty(prefix = "ariadne.ari", name = "enabled", havingValue = "true", matchIfMissing = true)
class TrunkHealthMonitor implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(TrunkHealthMonitor.class);
    private final AriClient ari;
    private final TrunkDirectory trunks;
    private final PeriodicPass pass;

    TrunkHealthMonitor(AriClient ari, TrunkDirectory trunks, ProvisioningProperties props) {
        this.ari = ari;
        this.trunks = trunks;
        Duration interval = props.healthInterval();
        this.pass = new PeriodicPass("trunk health", Flux.interval(interval, interval), this::checkOnce, log);
    }

    Mono<Void> checkOnce() {
        return trunks.applied().concatMap(this::check, 4).then();
    }

    private Mono<Void> check(Trunk t) {
        return ari.endpoint("PJSIP", t.endpointId())
                .map(e -> switch (e.state() == null ? "" : e.state()) {
                    case "online" -> new String[] {"reachable", "Asterisk qualifies the carrier as online"};
                    case "offline" -> new String[] {"unreachable", "the carrier does not answer OPTIONS"};
                    default -> new String[] {"unknown", "Asterisk reports state " + e.state()};
                })
                .onErrorResume(AriException.class, e -> Mono.just(e.isNotFound()
                        ? new String[] {"unknown", "Asterisk has not loaded the endpoint yet"}
                        : new String[] {"unknown", "Asterisk not reachable: " + e.getMessage()}))
                .flatMap(h -> h[0].equals(t.health().status()) && h[1].equals(t.health().detail())
                        ? Mono.empty()
                        : trunks.markHealth(t.endpointId(), h[0], h[1]));
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
