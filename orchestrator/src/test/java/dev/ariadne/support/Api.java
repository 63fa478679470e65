package dev.ariadne.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Small helpers over WebTestClient for the REST API's common steps. */
public final class Api {
    public static final String ADMIN = "test-admin-token";
    private final WebTestClient web;

    public Api(WebTestClient web) {
        this.web = web;
    }

    public WebTestClient web() {
        return web;
    }

    /** Creates a tenant and returns its API key. */
    public String tenant(String tier) {
        Map<?, ?> body = web.post().uri("/api/v1/tenants")
                .header("Authorization", "Bearer " + ADMIN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "tenant-" + UUID.randomUUID(), "tier", tier))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return (String) body.get("apiKey");
    }

    public static Map<String, Object> trunkBody(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("direction", "both");
        m.put("host", "sip.carrier.example");
        m.put("port", 5060);
        m.put("transport", "udp");
        m.put("username", "acct-1001");
        m.put("password", "Tr0unk-S3cret-xyz");
        m.put("register", true);
        m.put("allowedIps", List.of("203.0.113.10", "198.51.100.0/24"));
        m.put("codecs", List.of("ulaw", "g722"));
        m.put("dtmfMode", "rfc4733");
        m.put("mediaEncryption", "none");
        m.put("maxConcurrentCalls", 2);
        m.put("priority", 10);
        m.put("fromUser", "15551230000");
        m.put("fromDomain", "carrier.example");
        m.put("enabled", true);
        return m;
    }

    public WebTestClient.ResponseSpec post(String key, String uri, Object body) {
        return web.post().uri(uri).header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    public WebTestClient.ResponseSpec put(String key, String uri, Object body) {
        return web.put().uri(uri).header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    public WebTestClient.ResponseSpec patch(String key, String uri, Object body) {
        return web.patch().uri(uri).header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    public WebTestClient.ResponseSpec get(String key, String uri) {
        return web.get().uri(uri).header("Authorization", "Bearer " + key).exchange();
    }

    public WebTestClient.ResponseSpec delete(String key, String uri) {
        return web.delete().uri(uri).header("Authorization", "Bearer " + key).exchange();
    }

    /** POSTs and returns the created resource's id. */
    public String create(String key, String uri, Object body) {
        Map<?, ?> created = post(key, uri, body).expectStatus().isCreated().expectBody(Map.class).returnResult()
                .getResponseBody();
        return (String) created.get("id");
    }

    public String trunk(String key, String name) {
        return create(key, "/api/v1/trunks", trunkBody(name));
    }

    public String agent(String key, String name) {
        return create(key, "/api/v1/agents", Map.of("name", name, "url", "wss://agent.example/ws", "token",
                "agent-T0ken-abc", "parameters", Map.of("voice", "alloy")));
    }
}
