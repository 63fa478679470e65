package dev.ariadne.trunk;

import dev.ariadne.trunk.data.TrunkRepository;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Read access to trunks and status updates for the features that act on them (provisioning, calls). */
@Component
public class TrunkDirectory {
    private final TrunkRepository repo;
    private final dev.ariadne.secret.SecretCipher cipher;

    TrunkDirectory(TrunkRepository repo, dev.ariadne.secret.SecretCipher cipher) {
        this.repo = repo;
        this.cipher = cipher;
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

    public Mono<Void> markHealth(String endpointId, String status, String detail, Double roundTripMs) {
        return repo.markHealth(endpointId, status, detail, roundTripMs).then();
    }

    /** Stores a registration state; answers the change when there was one. */
    public Mono<RegistrationChange> markRegistration(String endpointId, Trunk.Registration reg) {
        return repo.markRegistration(endpointId, reg);
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
