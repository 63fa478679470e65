package dev.ariadne.trunk;

import dev.ariadne.trunk.data.TrunkRepository;
import dev.ariadne.webhook.EventTypes;
import dev.ariadne.webhook.TenantEvents;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Read access to trunks and status updates for the features that act on them (provisioning, calls). */
@Component
public class TrunkDirectory {
    private final TrunkRepository repo;
    private final dev.ariadne.secret.SecretCipher cipher;
    private final TenantEvents events;
    private final TransactionalOperator tx;

    TrunkDirectory(TrunkRepository repo, dev.ariadne.secret.SecretCipher cipher, TenantEvents events,
            TransactionalOperator tx) {
        this.repo = repo;
        this.cipher = cipher;
        this.events = events;
        this.tx = tx;
    }

    public Mono<Trunk> byEndpoint(String endpointId) {
        return repo.findByEndpoint(endpointId);
    }

    /** Any tenant's trunk: inbound routing starts from the dialled number, which names its trunk. */
    public Mono<Trunk> byId(UUID trunkId) {
        return repo.findById(trunkId);
    }

    /** Whether any enabled trunk, of any tenant, allows calls from this IP address. */
    public Mono<Boolean> anyAllows(String address) {
        return repo.anyAllows(address);
    }

    public Mono<Trunk> find(UUID tenantId, UUID trunkId) {
        return repo.find(tenantId, trunkId);
    }

    /** The tenant's trunks in the order outbound calls try them. */
    public Flux<Trunk> inPriorityOrder(UUID tenantId) {
        return repo.list(tenantId, 0, Integer.MAX_VALUE);
    }

    /** Every enabled trunk of every tenant whose configuration Asterisk has applied (health monitoring). */
    public Flux<Trunk> applied() {
        return repo.applied();
    }

    public Mono<Void> markProvisioning(UUID trunkId, String status, String error) {
        return repo.markProvisioning(trunkId, status, error).then();
    }

    /**
     * Stores the trunk's health (with the qualify round trip); a changed status is a {@code trunk.health_changed}
     * event in the same transaction.
     */
    public Mono<Void> markHealth(String endpointId, String status, String detail, Double roundTripMs) {
        return repo.markHealthReturningPrevious(endpointId, status, detail, roundTripMs)
                .filter(c -> !c.status().equals(c.previous()))
                .flatMap(c -> {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("trunkId", c.trunkId());
                    data.put("name", c.name());
                    data.put("previous", c.previous());
                    data.put("status", c.status());
                    data.put("detail", c.detail());
                    data.put("roundTripMs", roundTripMs);
                    return events.record(c.tenantId(), EventTypes.TRUNK_HEALTH_CHANGED, data);
                })
                .then()
                .as(tx::transactional);
    }

    /**
     * Stores a registration state; answers the change when there was one, which is a
     * {@code trunk.registration_changed} event in the same transaction when the status itself changed.
     */
    public Mono<RegistrationChange> markRegistration(Trunk t, Trunk.Registration reg) {
        return repo.markRegistration(t.endpointId(), reg)
                .flatMap(c -> (java.util.Objects.equals(c.previousStatus(), reg.status()) ? Mono.<Void>empty()
                        : events.record(c.tenantId(), EventTypes.TRUNK_REGISTRATION_CHANGED,
                                registrationData(t, c, reg)))
                        .thenReturn(c))
                .as(tx::transactional);
    }

    private static Map<String, Object> registrationData(Trunk t, RegistrationChange c, Trunk.Registration reg) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("trunkId", c.trunkId());
        data.put("name", t.name());
        data.put("previous", c.previousStatus());
        data.put("status", reg.status());
        data.put("sipStatus", reg.sipStatus());
        data.put("detail", reg.detail());
        data.put("changedAt", c.changedAt() == null ? null : c.changedAt().toString());
        return data;
    }

    /** The trunk as a check's target, with its stored password (decrypted here, never logged). */
    public Mono<TrunkCheck.Target> checkTarget(Trunk t) {
        return repo.passwordOf(t.id())
                .map(enc -> cipher.decrypt(enc, t.id().toString()))
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .map(p -> new TrunkCheck.Target(t.host(), t.port(), t.transport(), t.username(), p.orElse(null),
                        t.fromUser()));
    }
}
