package dev.ariadne.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Input a new user might send by mistake (or a prober on purpose): every answer is a documented problem. */
@ApiTest
class BadInputTests {
    static final String NUL = "a\u0000b";

    @Autowired
    WebTestClient web;

    Api api;
    String key;

    @BeforeEach
    void setUp() {
        api = new Api(web);
        key = api.tenant("pro");
    }

    private void invalid(WebTestClient.ResponseSpec r, String field) {
        r.expectStatus().isBadRequest().expectBody()
                .jsonPath("$.type").isEqualTo(ProblemTypes.INVALID_REQUEST.toString())
                .jsonPath("$.errors[?(@.field == '" + field + "')].reason")
                .value(reasons -> assertThat((List<Object>) reasons).contains((Object) JsonInput.NUL_REASON));
    }

    @Test
    void aNulCharacterInAnyTextFieldIsRefusedNamingTheField() {
        invalid(api.post(key, "/api/v1/agents", Map.of("name", NUL, "url", "wss://ai.example/v1")), "name");
        invalid(api.post(key, "/api/v1/agents", Map.of("name", "bot", "url", "wss://ai.example/v1",
                "parameters", Map.of("voice", NUL))), "parameters.voice");
        invalid(api.post(key, "/api/v1/agents", Map.of("name", "bot", "url", "wss://ai.example/v1",
                "parameters", Map.of(NUL, "x"))), "parameters");
        Map<String, Object> trunk = Api.trunkBody("t");
        trunk.put("username", NUL);
        invalid(api.post(key, "/api/v1/trunks", trunk), "username");
        trunk = Api.trunkBody("t");
        trunk.put("allowedIps", List.of("203.0.113.10", NUL));
        invalid(api.post(key, "/api/v1/trunks", trunk), "allowedIps[1]");
        invalid(api.post(key, "/api/v1/numbers", Map.of("e164", "+15551230000", "source", "twilio", "twilioNumberSid", NUL)),
                "twilioNumberSid");
        invalid(api.post(key, "/api/v1/api-keys", Map.of("name", NUL)), "name");
        invalid(web.post().uri("/api/v1/tenants").header("Authorization", "Bearer " + Api.ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", NUL, "tier", "pro")).exchange(), "name");
        invalid(api.post(key, "/api/v1/calls", Map.of("to", "+1555" + NUL, "agentId", "x")), "to");
        invalid(web.get().uri(b -> b.path("/api/v1/calls").queryParam("number", "{n}").build(NUL)).header("Authorization", "Bearer " + key)
                .exchange(), "number");
        assertThat(api.get(key, "/api/v1/agents").expectBody(Map.class).returnResult().getResponseBody())
                .containsEntry("total", 0);
    }

    @Test
    void aMalformedIdIsAnInvalidRequestNamingThePathParameter() {
        api.get(key, "/api/v1/trunks/not-a-uuid").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.type").isEqualTo(ProblemTypes.INVALID_REQUEST.toString())
                .jsonPath("$.errors[0].field").isEqualTo("id")
                .jsonPath("$.errors[0].reason").isEqualTo("must be a UUID");
        api.delete(key, "/api/v1/agents/123").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.type").isEqualTo(ProblemTypes.INVALID_REQUEST.toString());
    }

    @Test
    void aQueryParameterOfTheWrongTypeIsAnInvalidRequestNamingIt() {
        api.get(key, "/api/v1/trunks?page=abc").expectStatus().isBadRequest().expectBody()
                .jsonPath("$.type").isEqualTo(ProblemTypes.INVALID_REQUEST.toString())
                .jsonPath("$.errors[0].field").isEqualTo("page")
                .jsonPath("$.errors[0].reason").isEqualTo("must be an integer");
    }

    @Test
    void anUnreadableBodyIsAMalformedBodyProblem() {
        web.post().uri("/api/v1/agents").header("Authorization", "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\": ").exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.type").isEqualTo(ProblemTypes.MALFORMED_BODY.toString());
        web.post().uri("/api/v1/agents").header("Authorization", "Bearer " + key)
                .contentType(MediaType.TEXT_PLAIN).bodyValue("name=bot").exchange()
                .expectStatus().isEqualTo(415).expectBody()
                .jsonPath("$.type").isEqualTo(ProblemTypes.UNSUPPORTED_MEDIA_TYPE.toString());
    }

    @Test
    void anUnknownPathOrMethodIsAProblemToo() {
        api.get(key, "/api/v1/nothing-here").expectStatus().isNotFound().expectBody()
                .jsonPath("$.type").isEqualTo(ProblemTypes.NOT_FOUND.toString())
                .jsonPath("$.detail").isEqualTo("no resource at /api/v1/nothing-here");
        api.put(key, "/api/v1/agents", Map.of()).expectStatus().isEqualTo(405).expectBody()
                .jsonPath("$.type").isEqualTo(ProblemTypes.METHOD_NOT_ALLOWED.toString());
    }
}
