package dev.ariadne.call;

import dev.ariadne.agent.AgentService;
import dev.ariadne.number.NumberService;
import dev.ariadne.number.PhoneNumber;
import dev.ariadne.tenant.TenantService;
import dev.ariadne.trunk.Trunk;
import dev.ariadne.trunk.TrunkDirectory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Routes an inbound call: endpoint -> trunk -> tenant, dialled number -> number -> agent. Capacity is checked
 * when the call is admitted ({@link CallRegistry#admit}), atomically with counting it.
 * A number of another tenant is treated exactly like an unknown number: no cross-tenant routing, no hint.
 */
@Component
class CallRouter {
    private final TrunkDirectory trunks;
    private final NumberService numbers;
    private final AgentService agents;
    private final TenantService tenants;

    CallRouter(TrunkDirectory trunks, NumberService numbers, AgentService agents, TenantService tenants) {
        this.trunks = trunks;
        this.numbers = numbers;
        this.agents = agents;
        this.tenants = tenants;
    }

    Mono<Route> route(String endpointId, String dialled) {
        return trunks.byEndpoint(endpointId)
                .flatMap(trunk -> routeOnTrunk(trunk, dialled))
                .defaultIfEmpty(new Route.Rejected("rejected", 21, "unknown_trunk",
                        "no trunk for endpoint " + endpointId, null, null));
    }

    private Mono<Route> routeOnTrunk(Trunk trunk, String dialled) {
        if (!trunk.enabled()) {
            return Mono.just(reject(trunk, "rejected", 21, "trunk_disabled", "trunk " + trunk.name() + " is disabled"));
        }
        if (!trunk.acceptsInbound()) {
            return Mono.just(reject(trunk, "rejected", 21, "trunk_outbound_only",
                    "trunk " + trunk.name() + " takes no inbound calls"));
        }
        String e164 = PhoneNumber.normalize(dialled);
        if (e164 == null) {
            return Mono.just(reject(trunk, "unallocated", 1, "invalid_number",
                    "dialled number '" + dialled + "' is not an E.164 number"));
        }
        Route unknown = reject(trunk, "unallocated", 1, "unknown_number",
                "number " + e164 + " is not a number of this tenant");
        return numbers.byE164(e164)
                .filter(n -> n.tenantId().equals(trunk.tenantId()))
                .flatMap(n -> agents.find(trunk.tenantId(), n.agentId())
                        .zipWith(tenants.find(trunk.tenantId()))
                        .map(x -> (Route) new Route.Accepted(trunk, n, x.getT1(), e164,
                                tenants.limits(x.getT2().tier()).maxConcurrentCalls())))
                .defaultIfEmpty(unknown);
    }

    private static Route reject(Trunk t, String hangup, int code, String cause, String detail) {
        return new Route.Rejected(hangup, code, cause, detail, t.tenantId(), t.id());
    }
}
