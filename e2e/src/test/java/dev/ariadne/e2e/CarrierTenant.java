package dev.ariadne.e2e;

import java.util.List;
import java.util.Map;

/**
 * The tenant whose trunk the carrier calls from, created once per run through the REST API: a trunk at the
 * carrier's address whose allowed IP is 127.0.0.1 (the carrier's source), and two agents, the echo and the tone
 * reference agents. Other tenants' trunks may allow 127.0.0.1 too (SharedCarrierE2eTests): the dialled number
 * decides whose call it is. Each test adds its own numbers.
 */
public record CarrierTenant(Api api, String apiKey, String tenantId, String trunkId, String endpointId,
        String echoAgentId, String toneAgentId) {

    static CarrierTenant create(E2eStack stack) {
        Api api = stack.api();
        String key = api.tenant("carrier-tenant");
        Map<String, Object> trunk =
                api.trunk(key, Api.carrierTrunk("carrier", stack.carrierSipPort(), List.of("127.0.0.1")));
        String trunkId = (String) trunk.get("id");
        String tenantId = (String) trunk.get("tenantId");
        api.awaitApplied(key, trunkId);
        String echo = api.agent(key, "echo", stack.echoAgent().url());
        String tone = api.agent(key, "tone", stack.toneAgent().url());
        return new CarrierTenant(api, key, tenantId, trunkId, (String) trunk.get("endpointId"), echo, tone);
    }

    /** A new number on the carrier trunk, routed to the agent, once Asterisk identifies it; returns its E.164. */
    public String newNumber(String agentId) {
        String e164 = Api.randomE164();
        api.number(apiKey, e164, trunkId, agentId);
        return e164;
    }
}
