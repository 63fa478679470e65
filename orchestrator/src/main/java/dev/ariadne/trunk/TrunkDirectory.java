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
    private final TenantEvents events;
    private final TransactionalOperator tx;

    TrunkDirectory(TrunkRepository repo, TenantEvents events, TransactionalOperator tx) {
        this.repo = repo;
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

    /** Stores the trunk's health; a changed status is a {@code trunk.health_changed} event in the same transaction. */
    public Mono<Void> markHealth(String endpointId, String status, String detail) {
        return repo.markHealthReturningPrevious(endpointId, status, detail)
                .filter(c -> !c.status().equals(c.previous()))
                .flatMap(c -> {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("trunkId", c.trunkId());
                    data.put("name", c.name());
                    data.put("previous", c.previous());
                    data.put("status", c.status());
                    data.put("detail", c.detail());
                    return events.record(c.tenantId(), EventTypes.TRUNK_HEALTH_CHANGED, data);
                })
                .then()
                .as(tx::transactional);
    }
}
