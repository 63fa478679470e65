package dev.ariadne.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Trunk passwords and agent tokens appear in no response body and no log line, whatever the request. */
@ApiTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLeakTests {
    static final String PASSWORD = "Zq9-trunk-pw-LEAKCHECK";
    static final String TOKEN = "Zq9-agent-token-LEAKCHECK";

    @Autowired
    WebTestClient web;

    @Test
    void noSecretInAnyResponseOrLogLine(CapturedOutput output) {
        Api api = new Api(web);
        String key = api.tenant("pro");
        List<String> bodies = new ArrayList<>();
        Map<String, Object> trunk = Api.trunkBody("leak");
        trunk.put("password", PASSWORD);
        bodies.add(body(api.post(key, "/api/v1/trunks", trunk)));
        Map<?, ?> created = api.get(key, "/api/v1/trunks").expectBody(Map.class).returnResult().getResponseBody();
        String id = (String) ((Map<?, ?>) ((List<?>) created.get("items")).getFirst()).get("id");
        bodies.add(body(api.get(key, "/api/v1/trunks/" + id)));
        bodies.add(body(api.get(key, "/api/v1/trunks")));
        bodies.add(body(api.patch(key, "/api/v1/trunks/" + id, Map.of("password", PASSWORD + "2"))));
        bodies.add(body(api.put(key, "/api/v1/trunks/" + id, Map.of("name", "leak", "host", "h.example",
                "password", PASSWORD + "3", "port", "bad"))));
        // Invalid requests must not echo the secret in their reasons either.
        Map<String, Object> bad = Api.trunkBody("bad name !!");
        bad.put("password", PASSWORD + "\u0001");
        bodies.add(body(api.post(key, "/api/v1/trunks", bad)));
        bodies.add(body(api.post(key, "/api/v1/agents", Map.of("name", "a", "url", "wss://x.example", "token", TOKEN))));
        bodies.add(body(api.post(key, "/api/v1/agents", Map.of("name", "b", "url", "nope", "token", TOKEN))));
        bodies.add(body(api.get(key, "/api/v1/agents")));
        // The signing secret is in the answers that made it, and in no other body and no log line.
        Map<?, ?> agent = api.post(key, "/api/v1/agents", Map.of("name", "signed", "url", "wss://x.example"))
                .expectBody(Map.class).returnResult().getResponseBody();
        String agentId = (String) agent.get("id");
        List<String> signingSecrets = new ArrayList<>(List.of((String) agent.get("signingSecret")));
        signingSecrets.add((String) api.post(key, "/api/v1/agents/" + agentId + "/signing-secret", Map.of())
                .expectBody(Map.class).returnResult().getResponseBody().get("signingSecret"));
        bodies.add(body(api.get(key, "/api/v1/agents/" + agentId)));
        bodies.add(body(api.patch(key, "/api/v1/agents/" + agentId, Map.of("name", "signed2"))));
        bodies.add(body(api.get(key, "/api/v1/agents")));

        for (String b : bodies) {
            assertThat(b).doesNotContain("LEAKCHECK");
            signingSecrets.forEach(secret -> assertThat(b).doesNotContain(secret));
        }
        assertThat(output.getAll()).doesNotContain("LEAKCHECK");
        signingSecrets.forEach(secret -> assertThat(output.getAll()).doesNotContain(secret));
        // The API key itself is not logged either.
        assertThat(output.getAll()).doesNotContain(key);
    }

    private static String body(WebTestClient.ResponseSpec spec) {
        String b = spec.expectBody(String.class).returnResult().getResponseBody();
        return b == null ? "" : b;
    }
}
