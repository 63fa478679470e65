package dev.ariadne.call;

import dev.ariadne.agent.Agent;
import dev.ariadne.number.PhoneNumber;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Who a call is between, whichever way it started: the tenant, its number (the one dialled for an inbound
 * call, the caller id of an outbound one), the agent, and the two parties as the record shows them.
 *
 * @param direction {@code inbound} or {@code outbound}
 * @param from the calling party: the caller's number (inbound), the tenant's number (outbound)
 * @param to the called party: the tenant's number in E.164 (inbound), the number or SIP URI dialled (outbound)
 * @param tenantCallLimit the tenant's tier limit on concurrent calls
 * @param customParameters what the agent's {@code start} carries as {@code customParameters}: the agent's
 *     parameters, overridden by an outbound request's own
 */
record CallContext(String direction, UUID tenantId, Agent agent, PhoneNumber number, String from, String to,
        int tenantCallLimit, Map<String, Object> customParameters) {
    static final String INBOUND = "inbound";
    static final String OUTBOUND = "outbound";

    CallContext {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(agent, "agent");
        customParameters = customParameters == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(customParameters));
    }

    static CallContext inbound(Route.Accepted a, String caller) {
        return new CallContext(INBOUND, a.trunk().tenantId(), a.agent(), a.number(), caller, a.e164(),
                a.tenantCallLimit(), a.agent().parameters());
    }

    static CallContext outbound(UUID tenantId, Agent agent, PhoneNumber from, String to, int tenantCallLimit,
            Map<String, Object> requestParameters) {
        Map<String, Object> parameters = new LinkedHashMap<>(agent.parameters());
        parameters.putAll(requestParameters);
        return new CallContext(OUTBOUND, tenantId, agent, from, from.e164(), to, tenantCallLimit, parameters);
    }

    boolean outbound() {
        return direction.equals(OUTBOUND);
    }

    /** The party on the phone leg, for causes: {@code caller} (inbound) or {@code callee} (outbound). */
    String party() {
        return outbound() ? "callee" : "caller";
    }
}
