package dev.ariadne.call;

import dev.ariadne.agent.AgentService;
import dev.ariadne.common.Addresses;
import dev.ariadne.number.NumberDirectory;
import dev.ariadne.number.PhoneNumber;
import dev.ariadne.tenant.TenantService;
import dev.ariadne.trunk.Trunk;
import dev.ariadne.trunk.TrunkDirectory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Routes an inbound call by the number dialled, and lets it in only through that number's trunk: dialled number
 * -> number -> its trunk and tenant -> agent, provided the trunk allows the call's source address or the call
 * arrived on the trunk's own registration. Which endpoint Asterisk identified the call as does not decide the
 * tenant: carriers send every customer's calls from the same addresses, so address identification alone cannot
 * tell two tenants on one carrier apart. The endpoint matters only for media: Asterisk negotiated the codecs
 * with it before the call reached Stasis, so a call identified as an endpoint with other media settings than the
 * number's trunk is refused (503) rather than carried on the wrong settings.
 *
 * <p>A rejection is recorded for the tenant that owns the dialled number, or for no tenant when nobody does;
 * never for the tenant whose endpoint Asterisk happened to pick. Capacity is checked when the call is admitted
 * ({@link CallRegistry#admit}), atomically with counting it.
 */
@Component
class CallRouter {
    private final TrunkDirectory trunks;
    private final NumberDirectory numbers;
    private final AgentService agents;
    private final TenantService tenants;

    CallRouter(TrunkDirectory trunks, NumberDirectory numbers, AgentService agents, TenantService tenants) {
        this.trunks = trunks;
        this.numbers = numbers;
        this.agents = agents;
        this.tenants = tenants;
    }

    Mono<Route> route(InboundCall call) {
        String e164 = call.number();
        if (e164 == null) {
            return Mono.just(Route.Rejected.unattributed("unallocated", 1, "invalid_number",
                    "dialled number '" + call.dialled() + "' is not an E.164 number"));
        }
        return numbers.byE164(e164)
                .flatMap(n -> n.onTwilio()
                        ? Mono.just(new Route.Rejected("unallocated", 1, "number_on_twilio", "number " + e164
                                + " is on Twilio, not on a trunk: its calls come through Twilio", n.tenantId(), null, n.id()))
                        : trunks.byId(n.trunkId()).flatMap(t -> routeOnTrunk(call, e164, n, t)))
                .defaultIfEmpty(Route.Rejected.unattributed("unallocated", 1, "unknown_number",
                        "no tenant has the number " + e164));
    }

    private Mono<Route> routeOnTrunk(InboundCall call, String e164, PhoneNumber n, Trunk t) {
        String onTrunk = "number " + e164 + " is on trunk '" + t.name() + "'";
        if (!t.enabled()) {
            return Mono.just(reject(t, n, "rejected", 21, "trunk_disabled", onTrunk + ", which is disabled"));
        }
        if (!t.acceptsInbound()) {
            return Mono.just(reject(t, n, "rejected", 21, "trunk_outbound_only", onTrunk + ", which takes no inbound calls"));
        }
        boolean onRegistration = call.endpointId().equals(Trunk.lineEndpointId(t.endpointId()));
        String address = call.sourceAddress();
        boolean allowed = address != null && t.allowedIps().stream().anyMatch(ip -> Addresses.contains(ip, address));
        if (!onRegistration && !allowed) {
            return refuseSource(call, address, onTrunk, t, n);
        }
        return identifiedWithTrunksMedia(call, t).flatMap(sameMedia -> sameMedia
                ? accept(t, n, e164)
                : Mono.just(reject(t, n, "congestion", 34, "not_identified_by_number", "Asterisk identified the call"
                        + " as another trunk, with other media settings, not by its number (" + onTrunk + "): the"
                        + " number's identification is not applied in Asterisk yet, or the Request-URI and To header"
                        + " do not carry it")));
    }

    /** Neither the trunk's addresses nor its registration let the call in: say which check failed. */
    private Mono<Route> refuseSource(InboundCall call, String address, String onTrunk, Trunk t, PhoneNumber n) {
        if (Trunk.isLineEndpoint(call.endpointId())) {
            return Mono.just(reject(t, n, "rejected", 21, "address_not_allowed", "the call arrived on another trunk's"
                    + " registration; " + onTrunk + ", which does not allow " + call.source()));
        }
        if (address == null) {
            return Mono.just(reject(t, n, "rejected", 21, "address_not_allowed", "the call's source address is"
                    + " unknown ('" + call.source() + "'); " + onTrunk));
        }
        return trunks.anyAllows(address).map(known -> known
                ? reject(t, n, "rejected", 21, "address_not_allowed", onTrunk + ", which does not allow " + address
                        + " (another trunk does) and did not receive the call on its registration")
                : reject(t, n, "rejected", 21, "unknown_address", "no trunk allows " + address + "; " + onTrunk));
    }

    /** Whether the endpoint Asterisk negotiated the call with has the number's trunk's media settings. */
    private Mono<Boolean> identifiedWithTrunksMedia(InboundCall call, Trunk t) {
        String endpoint = Trunk.trunkEndpointOf(call.endpointId());
        if (endpoint.equals(t.endpointId())) {
            return Mono.just(true);
        }
        return trunks.byEndpoint(endpoint).map(other -> other.sameMediaAs(t)).defaultIfEmpty(false);
    }

    private Mono<Route> accept(Trunk t, PhoneNumber n, String e164) {
        return agents.find(t.tenantId(), n.agentId())
                .zipWith(tenants.find(t.tenantId()))
                .map(x -> (Route) new Route.Accepted(t, n, x.getT1(), e164,
                        tenants.limits(x.getT2().tier()).maxConcurrentCalls()))
                .defaultIfEmpty(reject(t, n, "congestion", 34, "routing_failed", "the number's agent or tenant is gone"));
    }

    private static Route reject(Trunk t, PhoneNumber n, String hangup, int code, String cause, String detail) {
        return new Route.Rejected(hangup, code, cause, detail, t.tenantId(), t.id(), n.id());
    }
}
