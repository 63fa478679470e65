package dev.ariadne.number;

import dev.ariadne.agent.AgentService;
import dev.ariadne.common.ConflictException;
import dev.ariadne.common.NotFoundException;
import dev.ariadne.common.Page;
import dev.ariadne.common.PageRequest;
import dev.ariadne.common.Violations;
import dev.ariadne.number.data.NumberRepository;
import dev.ariadne.tenant.AuthenticatedTenant;
import dev.ariadne.trunk.TrunkDirectory;
import dev.ariadne.trunk.TrunkService;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * A tenant's numbers (DIDs). A number may only point at the same tenant's trunk and agent. Asterisk identifies
 * inbound calls by their number, so every change rewrites the number identification of the trunks concerned in
 * the same transaction.
 */
@Service
public class NumberService {
    private final NumberRepository repo;
    private final TrunkDirectory trunks;
    private final TrunkService trunkProvisioning;
    private final AgentService agents;
    private final TransactionalOperator tx;

    public NumberService(NumberRepository repo, TrunkDirectory trunks, TrunkService trunkProvisioning,
            AgentService agents, TransactionalOperator tx) {
        this.repo = repo;
        this.trunks = trunks;
        this.trunkProvisioning = trunkProvisioning;
        this.agents = agents;
        this.tx = tx;
    }

    /** Input before validation; null fields are missing. */
    public record NumberInput(String e164, UUID trunkId, UUID agentId) {
        public static final NumberInput EMPTY = new NumberInput(null, null, null);

        public static NumberInput of(PhoneNumber n) {
            return new NumberInput(n.e164(), n.trunkId(), n.agentId());
        }

        NumberInput validated() {
            Violations v = new Violations();
            if (e164 == null) {
                v.add("e164", "is required");
            } else {
                v.check(PhoneNumber.isE164(e164), "e164", "must be an E.164 number: '+', country code, 2 to 15 digits");
            }
            v.check(trunkId != null, "trunkId", "is required");
            v.check(agentId != null, "agentId", "is required");
            v.throwIfAny();
            return this;
        }
    }

    public Mono<PhoneNumber> create(AuthenticatedTenant tenant, NumberInput input) {
        NumberInput n = input.validated();
        return checks(tenant, n, null)
                .then(Mono.defer(() -> repo.insert(UUID.randomUUID(), tenant.tenantId(), n.e164(), n.trunkId(), n.agentId())))
                .flatMap(created -> trunkProvisioning.numbersChanged(Set.of(created.trunkId())).thenReturn(created))
                .onErrorMap(DataIntegrityViolationException.class, e -> duplicate(n.e164()))
                .as(tx::transactional)
                .doOnSuccess(x -> trunkProvisioning.provisioningCommitted());
    }

    public Mono<PhoneNumber> update(AuthenticatedTenant tenant, UUID id, Function<PhoneNumber, NumberInput> change) {
        return get(tenant, id)
                .flatMap(existing -> {
                    NumberInput n = change.apply(existing).validated();
                    return checks(tenant, n, id)
                            .then(Mono.defer(() -> repo.update(tenant.tenantId(), id, n.e164(), n.trunkId(), n.agentId())))
                            .flatMap(updated -> identificationChanged(existing, updated)
                                    ? trunkProvisioning.numbersChanged(trunksOf(existing, updated)).thenReturn(updated)
                                    : Mono.just(updated))
                            .onErrorMap(DataIntegrityViolationException.class, e -> duplicate(n.e164()));
                })
                .as(tx::transactional)
                .doOnSuccess(x -> trunkProvisioning.provisioningCommitted());
    }

    public Mono<Void> delete(AuthenticatedTenant tenant, UUID id) {
        return get(tenant, id)
                .flatMap(n -> repo.delete(tenant.tenantId(), id).then(trunkProvisioning.numbersChanged(Set.of(n.trunkId()))))
                .as(tx::transactional)
                .doOnSuccess(x -> trunkProvisioning.provisioningCommitted());
    }

    private static boolean identificationChanged(PhoneNumber before, PhoneNumber after) {
        return !before.e164().equals(after.e164()) || !before.trunkId().equals(after.trunkId());
    }

    private static Set<UUID> trunksOf(PhoneNumber before, PhoneNumber after) {
        Set<UUID> ids = new TreeSet<>();
        ids.add(before.trunkId());
        ids.add(after.trunkId());
        return ids;
    }

    public Mono<PhoneNumber> get(AuthenticatedTenant tenant, UUID id) {
        return repo.find(tenant.tenantId(), id).switchIfEmpty(Mono.error(new NotFoundException("number", id)));
    }

    public Mono<Page<PhoneNumber>> list(AuthenticatedTenant tenant, PageRequest page) {
        return repo.list(tenant.tenantId(), page.offset(), page.size())
                .collectList()
                .zipWith(repo.count(tenant.tenantId()))
                .map(x -> new Page<>(x.getT1(), page.page(), page.size(), x.getT2()));
    }

    private Mono<Void> checks(AuthenticatedTenant tenant, NumberInput n, UUID self) {
        // Another tenant's trunk or agent is reported exactly like an unknown one.
        return trunks.find(tenant.tenantId(), n.trunkId())
                .switchIfEmpty(Mono.error(new NotFoundException("trunk", n.trunkId())))
                .then(agents.find(tenant.tenantId(), n.agentId())
                        .switchIfEmpty(Mono.error(new NotFoundException("agent", n.agentId()))))
                .then(repo.e164Taken(n.e164(), self))
                .flatMap(taken -> taken ? Mono.error(duplicate(n.e164())) : Mono.empty());
    }

    private static ConflictException duplicate(String e164) {
        return new ConflictException("number " + e164 + " is already registered");
    }
}
