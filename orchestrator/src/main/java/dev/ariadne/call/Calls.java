package dev.ariadne.call;

import dev.ariadne.call.data.CallRepository;
import dev.ariadne.common.ConflictException;
import dev.ariadne.common.NotFoundException;
import dev.ariadne.common.Page;
import dev.ariadne.common.PageRequest;
import dev.ariadne.tenant.AuthenticatedTenant;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** A tenant's calls: records, active calls, and hanging up one of them. */
@Service
public class Calls {
    private final CallRepository repo;
    private final CallRegistry registry;

    Calls(CallRepository repo, CallRegistry registry) {
        this.repo = repo;
        this.registry = registry;
    }

    public Mono<Page<CallRecord>> list(AuthenticatedTenant tenant, CallQuery q, boolean activeOnly, PageRequest page) {
        return repo.list(tenant.tenantId(), q, activeOnly, page.offset(), page.size())
                .collectList()
                .zipWith(repo.count(tenant.tenantId(), q, activeOnly))
                .map(x -> new Page<>(x.getT1(), page.page(), page.size(), x.getT2()));
    }

    /**
     * Calls no tenant owns: to numbers nobody has, or not numbers at all. Tenants never see them (the caller and
     * the dialled digits may be another tenant's business); the platform's operators do, with the admin token.
     */
    public Mono<Page<CallRecord>> unattributed(CallQuery q, PageRequest page) {
        return repo.list(null, q, false, page.offset(), page.size())
                .collectList()
                .zipWith(repo.count(null, q, false))
                .map(x -> new Page<>(x.getT1(), page.page(), page.size(), x.getT2()));
    }

    /** One call; an outbound one with its attempts, trunk by trunk. */
    public Mono<CallRecord> get(AuthenticatedTenant tenant, UUID id) {
        return repo.find(tenant.tenantId(), id)
                .switchIfEmpty(Mono.error(new NotFoundException("call", id)))
                .flatMap(c -> c.direction().equals(CallContext.OUTBOUND)
                        ? repo.attempts(c.id()).collectList().map(c::withAttempts)
                        : Mono.just(c));
    }

    /**
     * Ends an active call as if the platform hung up (an outbound call still ringing is canceled: CANCEL on the
     * wire); the record is finalized by the call's teardown.
     */
    public Mono<CallRecord> hangup(AuthenticatedTenant tenant, UUID id) {
        return get(tenant, id).flatMap(call -> {
            if (!call.active()) {
                return Mono.error(new ConflictException("call " + id + " has already ended (" + call.status() + ")"));
            }
            return registry.hangup(id, "api_hangup")
                    .then(Mono.defer(() -> get(tenant, id)));
        });
    }
}
