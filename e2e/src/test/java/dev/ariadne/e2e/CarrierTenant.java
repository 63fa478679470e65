package dev.ariadne.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tenant whose trunk the carrier calls from, created once per run through the REST API: a trunk at the
 * carrier's address whose allowed IP is 127.0.0.1 (the carrier's source), and two agents, the echo and the tone
 * reference agents. It is the only trunk of the run that allows 127.0.0.1, so the carrier's calls identify
 * as it. Each test adds its own numbers.
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
        awaitApplied(api, key, trunkId);
        String echo = api.agent(key, "echo", stack.echoAgent().url());
        String tone = api.agent(key, "tone", stack.toneAgent().url());
        return new CarrierTenant(api, key, tenantId, trunkId, (String) trunk.get("endpointId"), echo, tone);
    }

    /**
     * Waits until the orchestrator says Asterisk has the trunk (provisioning {@code applied}): before that an
     * INVITE may not be identified as the trunk (identify rows are cached in Asterisk).
     */
    static void awaitApplied(Api api, String key, String trunkId) {
        await("provisioning of trunk " + trunkId + " applied to Asterisk")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> provisioningStatus(api, key, trunkId), "applied"::equals);
    }

    @SuppressWarnings("unchecked")
    static String provisioningStatus(Api api, String key, String trunkId) {
        Map<String, Object> trunk = api.get(key, "/api/v1/trunks/" + trunkId);
        Object p = trunk.get("provisioning");
        return p instanceof Map<?, ?> m ? Objects.toString(((Map<String, Object>) m).get("status"), null) : null;
    }

    /** A new number on the carrier trunk, routed to the agent; returns its E.164. */
    public String newNumber(String agentId) {
        String e164 = Api.randomE164();
        api.number(apiKey, e164, trunkId, agentId);
        return e164;
    }
}
