package dev.ariadne.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

@ApiTest
class AgentApiTests {
    @Autowired
    WebTestClient web;

    Api api;
    String key;

    @BeforeEach
    void setUp() {
        api = new Api(web);
        key = api.tenant("pro");
    }

    @Test
    void agentIsCreatedWithoutEverEchoingItsToken() {
        String body = api.post(key, "/api/v1/agents", Map.of("name", "bot", "url", "wss://ai.example/v1",
                        "token", "agent-T0ken-abc", "protocol", "twilio", "parameters", Map.of("lang", "en", "n", 3)))
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).doesNotContain("agent-T0ken-abc").contains("\"tokenSet\":true");
        String id = api.agent(key, "bot2");
        api.get(key, "/api/v1/agents/" + id).expectStatus().isOk().expectBody()
                .jsonPath("$.protocol").isEqualTo("ariadne.v1")
                .jsonPath("$.parameters.voice").isEqualTo("alloy")
                .jsonPath("$.token").doesNotExist();
        api.patch(key, "/api/v1/agents/" + id, Map.of("url", "ws://10.1.2.3:9000/agent")).expectStatus().isOk()
                .expectBody().jsonPath("$.url").isEqualTo("ws://10.1.2.3:9000/agent").jsonPath("$.tokenSet").isEqualTo(true);
        api.get(key, "/api/v1/agents").expectStatus().isOk().expectBody().jsonPath("$.total").isEqualTo(2);
        api.delete(key, "/api/v1/agents/" + id).expectStatus().isNoContent();
        api.get(key, "/api/v1/agents/" + id).expectStatus().isNotFound();
    }

    @Test
    void aNewAgentsSigningSecretIsShownOnceAndRotatingItReplacesIt() {
        Map<?, ?> created = api.post(key, "/api/v1/agents", Map.of("name", "signed", "url", "wss://ai.example/v1"))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        String first = (String) created.get("signingSecret");
        assertThat(first).startsWith("whsec_").hasSizeGreaterThan(40);
        String id = (String) created.get("id");
        api.get(key, "/api/v1/agents/" + id).expectStatus().isOk().expectBody()
                .jsonPath("$.signingSecretSet").isEqualTo(true)
                .jsonPath("$.signingSecret").doesNotExist();
        Map<?, ?> rotated = api.post(key, "/api/v1/agents/" + id + "/signing-secret", Map.of())
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat((String) rotated.get("signingSecret")).startsWith("whsec_").isNotEqualTo(first);
        String other = new Api(web).tenant("pro");
        api.post(other, "/api/v1/agents/" + id + "/signing-secret", Map.of()).expectStatus().isNotFound();
    }

    @Test
    void invalidAgentNamesEveryField() {
        api.post(key, "/api/v1/agents", Map.of("url", "https://not-a-websocket", "protocol", "sip", "parameters", "x"))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'parameters')].reason").isEqualTo(List.of("must be a JSON object"));
        api.post(key, "/api/v1/agents", Map.of("url", "https://not-a-websocket", "protocol", "sip"))
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'name')].reason").isEqualTo(List.of("is required"))
                .jsonPath("$.errors[?(@.field == 'url')].reason")
                .isEqualTo(List.of("must be an absolute ws:// or wss:// URL with a host"))
                .jsonPath("$.errors[?(@.field == 'protocol')].reason").isEqualTo(List.of("must be one of ariadne.v1, twilio"));
    }

    @Test
    void anAgentUrlIntoCloudMetadataIsRefusedAtCreateAndUpdate() {
        for (String url : List.of("ws://169.254.169.254/latest", "wss://[::ffff:169.254.169.254]/x",
                "ws://[fe80::1]:9000/")) {
            api.post(key, "/api/v1/agents", Map.of("name", "probe", "url", url)).expectStatus().isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].field").isEqualTo("url")
                    .jsonPath("$.errors[0].reason").value(r -> assertThat((String) r)
                            .startsWith("must not reach a denied network: ").contains("ariadne.agent.denied-networks"));
        }
        String id = api.agent(key, "bot");
        api.patch(key, "/api/v1/agents/" + id, Map.of("url", "ws://169.254.169.254/latest")).expectStatus().isBadRequest();
        api.get(key, "/api/v1/agents/" + id).expectStatus().isOk().expectBody()
                .jsonPath("$.url").isEqualTo("wss://agent.example/ws");
        // Loopback and private ranges stay allowed by default (the local stack's agents live there).
        api.patch(key, "/api/v1/agents/" + id, Map.of("url", "ws://127.0.0.1:9000/agent")).expectStatus().isOk();
    }

    @Test
    void duplicateAgentNameIsConflictAndOtherTenantsAgentIsNotFound() {
        String id = api.agent(key, "same");
        api.post(key, "/api/v1/agents", Map.of("name", "same", "url", "ws://x.example")).expectStatus().isEqualTo(409);
        String b = api.tenant("pro");
        api.get(b, "/api/v1/agents/" + id).expectStatus().isNotFound();
        api.patch(b, "/api/v1/agents/" + id, Map.of("name", "mine")).expectStatus().isNotFound();
        api.delete(b, "/api/v1/agents/" + id).expectStatus().isNotFound();
    }
}
