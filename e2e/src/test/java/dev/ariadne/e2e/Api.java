package dev.ariadne.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The orchestrator's REST API over a real HTTP connection: everything the e2e tests set up goes through it.
 * Bodies are plain maps so that the tests read the JSON exactly as a client would.
 */
public final class Api {
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {};
    private final WebTestClient web;
    private final String adminToken;

    Api(String baseUrl, String adminToken) {
        this.web = WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(15)).build();
        this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
    }

    public WebTestClient web() {
        return web;
    }

    /** Creates a tenant (admin token) and returns its API key. */
    public String tenant(String namePrefix) {
        return tenant(namePrefix, "pro");
    }

    /** Creates a tenant of the tier ({@code free}, {@code pro}, {@code enterprise}) and returns its API key. */
    public String tenant(String namePrefix, String tier) {
        Map<String, Object> body = post(adminToken, "/api/v1/tenants",
                Map.of("name", namePrefix + "-" + UUID.randomUUID().toString().substring(0, 8), "tier", tier));
        return (String) body.get("apiKey");
    }

    /** A trunk body for the carrier simulator: its SIP port, its digest credentials, ulaw, no registration. */
    public static Map<String, Object> carrierTrunk(String name, int carrierSipPort, List<String> allowedIps) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("direction", "both");
        m.put("host", "127.0.0.1");
        m.put("port", carrierSipPort);
        m.put("transport", "udp");
        m.put("username", E2eStack.CARRIER_TRUNK_USER);
        m.put("password", E2eStack.CARRIER_TRUNK_PASSWORD);
        m.put("register", false);
        m.put("allowedIps", allowedIps);
        m.put("codecs", List.of("ulaw"));
        m.put("dtmfMode", "rfc4733");
        return m;
    }

    /**
     * An outbound trunk to a SIP peer of the test on 127.0.0.1 (sipp), without credentials: the peer does not
     * challenge.
     */
    public static Map<String, Object> peerTrunk(String name, int port, int priority, int maxConcurrentCalls) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        t.put("direction", "outbound");
        t.put("host", "127.0.0.1");
        t.put("port", port);
        t.put("codecs", List.of("ulaw"));
        t.put("priority", priority);
        t.put("maxConcurrentCalls", maxConcurrentCalls);
        return t;
    }

    /** Creates a trunk; returns the created resource (id, endpointId, provisioning, ...). */
    public Map<String, Object> trunk(String key, Map<String, Object> body) {
        return post(key, "/api/v1/trunks", body);
    }

    /** Creates an agent speaking ariadne.v1 at the given WebSocket URL; returns its id. */
    public String agent(String key, String name, String url) {
        return (String) post(key, "/api/v1/agents", Map.of("name", name, "url", url)).get("id");
    }

    /**
     * Creates a number routed from the trunk to the agent and waits until Asterisk identifies calls to it (the
     * trunk's provisioning is {@code applied} again: a number is part of its trunk's PJSIP configuration); returns
     * its id.
     */
    public String number(String key, String e164, String trunkId, String agentId) {
        String id = (String) post(key, "/api/v1/numbers", Map.of("e164", e164, "trunkId", trunkId, "agentId", agentId))
                .get("id");
        awaitApplied(key, trunkId);
        return id;
    }

    /**
     * Waits until the orchestrator says Asterisk has the trunk's configuration, numbers included (provisioning
     * {@code applied}): before that an INVITE may not be identified as the trunk (identify rows are cached in
     * Asterisk).
     */
    public void awaitApplied(String key, String trunkId) {
        await("provisioning of trunk " + trunkId + " applied to Asterisk")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> provisioningStatus(key, trunkId), "applied"::equals);
    }

    @SuppressWarnings("unchecked")
    public String provisioningStatus(String key, String trunkId) {
        Map<String, Object> trunk = get(key, "/api/v1/trunks/" + trunkId);
        Object p = trunk.get("provisioning");
        return p instanceof Map<?, ?> m ? Objects.toString(((Map<String, Object>) m).get("status"), null) : null;
    }

    /** Calls to a number that no tenant owns: only the operators see them ({@code /api/v1/admin}, admin token). */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> unattributedCalls(String e164) {
        Map<String, Object> page = get(adminToken, "/api/v1/admin/calls/unattributed?number=" + e164.replace("+", ""));
        Object items = page.get("items");
        return items == null ? List.of() : (List<Map<String, Object>>) items;
    }

    /** A fresh number in the fictional +1 555 range, unique enough for one run. */
    public static String randomE164() {
        return "+1555" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    /** The tenant's call records for a number (newest first as the API lists them). */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> calls(String key, String e164) {
        // The API takes the number without its "+" (an unencoded "+" in a query string would be a space).
        Map<String, Object> page = get(key, "/api/v1/calls?number=" + e164.replace("+", ""));
        Object items = page.containsKey("items") ? page.get("items") : page.get("content");
        return items == null ? List.of() : (List<Map<String, Object>>) items;
    }

    /** {@code POST /api/v1/calls}, any outcome: the status, the headers and the body (a call or a problem). */
    public record Response(int status, org.springframework.http.HttpHeaders headers, Map<String, Object> body) {}

    public Response placeCall(String key, Map<String, Object> body, String idempotencyKey) {
        var result = web.post().uri("/api/v1/calls")
                .header("Authorization", "Bearer " + key)
                .headers(h -> {
                    if (idempotencyKey != null) {
                        h.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectBody(MAP)
                .returnResult();
        return new Response(result.getStatus().value(), result.getResponseHeaders(), result.getResponseBody());
    }

    /** Places a call that must be accepted (201); returns the call record. */
    public Map<String, Object> placeCall(String key, Map<String, Object> body) {
        Response r = placeCall(key, body, null);
        if (r.status() != 201) {
            throw new AssertionError("POST /api/v1/calls answered " + r.status() + ": " + r.body());
        }
        return r.body();
    }

    /** Waits until the call's record satisfies {@code until} and returns it. */
    public Map<String, Object> awaitCall(String key, String callId, java.util.function.Predicate<Map<String, Object>> until,
            Duration timeout) {
        await("call " + callId).atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> until.test(call(key, callId)));
        return call(key, callId);
    }

    public Map<String, Object> call(String key, String callId) {
        return get(key, "/api/v1/calls/" + callId);
    }

    public Map<String, Object> post(String key, String uri, Object body) {
        return web.post().uri(uri)
                .header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus().isCreated()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
    }

    public Map<String, Object> get(String key, String uri) {
        return web.get().uri(uri)
                .header("Authorization", "Bearer " + key)
                .exchange()
                .expectStatus().isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
    }

    /** {@code POST /api/v1/calls/{id}/hangup}; returns the HTTP status. */
    public int hangupCall(String key, String callId) {
        return web.post().uri("/api/v1/calls/" + callId + "/hangup")
                .header("Authorization", "Bearer " + key)
                .exchange()
                .returnResult(String.class)
                .getStatus().value();
    }

    /** The ids of the tenant's active calls ({@code GET /api/v1/calls/active}). */
    @SuppressWarnings("unchecked")
    public List<String> activeCallIds(String key) {
        Map<String, Object> page = get(key, "/api/v1/calls/active?size=100");
        Object items = page.containsKey("items") ? page.get("items") : page.get("content");
        return items == null ? List.of()
                : ((List<Map<String, Object>>) items).stream().map(c -> (String) c.get("id")).toList();
    }

    /** A {@code PUT} expecting 200; returns the stored resource. */
    public Map<String, Object> put(String key, String uri, Object body) {
        return ok(web.put().uri(uri), key, body);
    }

    /** A merge-style {@code PATCH} expecting 200; returns the updated resource. */
    public Map<String, Object> patch(String key, String uri, Object body) {
        return ok(web.patch().uri(uri), key, body);
    }

    private static Map<String, Object> ok(WebTestClient.RequestBodySpec request, String key, Object body) {
        return request.header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus().isOk()
                .expectBody(MAP)
                .returnResult()
                .getResponseBody();
    }

    public void delete(String key, String uri) {
        web.delete().uri(uri).header("Authorization", "Bearer " + key).exchange().expectStatus().is2xxSuccessful();
    }
}
