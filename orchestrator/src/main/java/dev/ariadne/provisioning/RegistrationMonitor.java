package dev.ariadne.provisioning;

import dev.ariadne.ami.AmiClient;
import dev.ariadne.ami.AmiException;
import dev.ariadne.ami.AmiMessage;
import dev.ariadne.cluster.RegistrarLease;
import dev.ariadne.jobs.PeriodicPass;
import dev.ariadne.trunk.Trunk;
import dev.ariadne.trunk.TrunkCheck;
import dev.ariadne.trunk.TrunkCheckReport;
import dev.ariadne.trunk.TrunkDirectory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps each registering trunk's registration state: what Asterisk's {@code PJSIPShowRegistrationsOutbound} says
 * (Registered, Unregistered, Rejected), read at every health interval and within a moment of each AMI
 * {@code Registry} event. Asterisk never says why it was rejected, so on a new rejection a REGISTER of Ariadne's own
 * ({@link TrunkCheck}, with the trunk's stored credentials) asks the carrier: a 401/403/407 after the challenge or
 * another final refusal is {@code rejected} with that status; a timeout or a 5xx is {@code retrying} (Asterisk
 * retries those). A registration that was up and is not any more is {@code retrying}, too. Only the node holding
 * the registrar lease runs it: only its Asterisk registers (README "Several nodes").
 */
@Component
@ConditionalOnProperty(prefix = "ariadne.ami", name = "enabled", havingValue = "true", matchIfMissing = true)
class RegistrationMonitor implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RegistrationMonitor.class);
    private final AmiClient ami;
    private final TrunkDirectory trunks;
    private final TrunkCheck check;
    private final RegistrarLease lease;
    private final PeriodicPass pass;
    /** Asterisk's last status of each registration (by endpoint id), to notice a new rejection. */
    private final Map<String, String> seen = new ConcurrentHashMap<>();

    RegistrationMonitor(AmiClient ami, TrunkDirectory trunks, TrunkCheck check, RegistrarLease lease,
            ProvisioningProperties props) {
        this.ami = ami;
        this.trunks = trunks;
        this.check = check;
        this.lease = lease;
        Duration interval = props.healthInterval();
        Flux<Object> registry = ami.events().filter(m -> "Registry".equals(m.get("Event")))
                .sampleTimeout(m -> Mono.delay(Duration.ofMillis(200))).map(m -> (Object) m);
        this.pass = new PeriodicPass("trunk registrations",
                Flux.merge(Flux.interval(interval, interval), registry), this::checkOnce, log);
    }

    Mono<Void> checkOnce() {
        if (!lease.held() || !ami.connected()) {
            return Mono.empty();
        }
        return ami.action("PJSIPShowRegistrationsOutbound", Map.of())
                .map(RegistrationMonitor::statuses)
                .flatMapMany(statuses -> trunks.applied().filter(Trunk::register)
                        .concatMap(t -> update(t, statuses.get(PjsipMapper.registrationId(t.endpointId())))))
                .onErrorResume(AmiException.class, e -> {
                    log.debug("registrations not read: {}", e.getMessage());
                    return Mono.empty();
                })
                .then();
    }

    static Map<String, String> statuses(java.util.List<AmiMessage> messages) {
        Map<String, String> out = new HashMap<>();
        for (AmiMessage m : messages) {
            if ("OutboundRegistrationDetail".equals(m.get("Event")) && m.get("ObjectName") != null) {
                out.put(m.get("ObjectName"), m.get("Status") == null ? "Unregistered" : m.get("Status"));
            }
        }
        return out;
    }

    private Mono<Void> update(Trunk t, String asterisk) {
        String previous = seen.put(t.endpointId(), asterisk == null ? "" : asterisk);
        Trunk.Registration stored = t.registration();
        Mono<Trunk.Registration> state;
        if (asterisk == null) {
            state = Mono.just(new Trunk.Registration("unregistered", null,
                    "Asterisk has not loaded the registration yet", null));
        } else if (asterisk.equals("Registered")) {
            state = Mono.just(new Trunk.Registration("registered", null, "registered at " + t.host(), null));
        } else if (asterisk.equals("Rejected")) {
            boolean known = "Rejected".equals(previous) && stored != null
                    && (stored.status().equals("rejected") || stored.status().equals("retrying"));
            state = known ? Mono.just(stored) : trunks.checkTarget(t).flatMap(check::check).map(RegistrationMonitor::explain);
        } else {
            boolean wasUp = stored != null && (stored.status().equals("registered") || stored.status().equals("retrying"));
            state = Mono.just(wasUp
                    ? new Trunk.Registration("retrying", null, "the registration is not up any more; Asterisk"
                            + " registers again", null)
                    : new Trunk.Registration("unregistered", null, "not registered yet", null));
        }
        return state.flatMap(s -> trunks.markRegistration(t, s).doOnNext(change -> log.info(
                "trunk {} registration: {} -> {}{} ({})", t.id(), change.previousStatus(), s.status(),
                s.sipStatus() == null ? "" : " " + s.sipStatus(), s.detail()))).then();
    }

    /** What Ariadne's own REGISTER found, as the reason for Asterisk's rejection. */
    static Trunk.Registration explain(TrunkCheckReport report) {
        TrunkCheckReport.Registration r = report.registration();
        String hint = report.hints().isEmpty() ? null : report.hints().get(0);
        return switch (r.result()) {
            case "auth_failed" -> new Trunk.Registration("rejected", r.sipStatus(), hint, null);
            case "rejected" -> {
                boolean passing = r.sipStatus() != null
                        && (r.sipStatus() >= 500 || r.sipStatus() == 408 || r.sipStatus() == 480);
                yield new Trunk.Registration(passing ? "retrying" : "rejected", r.sipStatus(), hint, null);
            }
            case "ok" -> new Trunk.Registration("retrying", null,
                    "Asterisk's registration was refused, but a REGISTER just now was accepted: Asterisk tries again",
                    null);
            default -> new Trunk.Registration("retrying", null, hint != null ? hint
                    : "the carrier did not answer REGISTER", null);
        };
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
