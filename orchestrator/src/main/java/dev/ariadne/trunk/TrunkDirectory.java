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

    TrunkDirectory(TrunkRepository repo) {
        this.repo = repo;
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

    public Mono<Void> markHealth(String endpointId, String status, String detail) {
        return repo.markHealth(endpointId, status, detail).then();
    }
}
