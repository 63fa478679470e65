package dev.ariadne.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

@ApiTest
class AuditApiTests {
    @Autowired
    WebTestClient web;

    @Autowired
    AuditLog audit;

    @Autowired
    TransactionalOperator tx;

    private List<Map<String, Object>> events(Api api, String key, String query) {
        Map<?, ?> page = api.get(key, "/api/v1/audit-events" + query).expectStatus().isOk().expectBody(Map.class)
                .returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        return items;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTrunkUpdateRecordsWhoChangedWhichFieldsAndNeverThePassword() {
        Api api = new Api(web);
        String key = api.tenant("pro");
        String trunk = api.trunk(key, "audited");
        String body = api.patch(key, "/api/v1/trunks/" + trunk, Map.of("port", 5070, "password", "N3w-pass-AUDIT"))
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).doesNotContain("N3w-pass-AUDIT");

        List<Map<String, Object>> events = events(api, key, "?resourceType=trunk&resourceId=" + trunk);
        assertThat(events).hasSize(2);
        Map<String, Object> update = events.getFirst();
        assertThat(update).containsEntry("action", "updated").containsEntry("resourceType", "trunk")
                .containsEntry("resourceId", trunk).containsEntry("actor", "api_key")
                .containsEntry("changedFields", List.of("port", "password"));
        assertThat(update.get("apiKeyId")).isNotNull();
        assertThat(events.get(1)).containsEntry("action", "created");
        assertThat((List<Object>) events.get(1).get("changedFields")).contains("name", "host", "password");
        String all = api.get(key, "/api/v1/audit-events").expectBody(String.class).returnResult().getResponseBody();
        assertThat(all).doesNotContain("N3w-pass-AUDIT").doesNotContain(Api.trunkBody("x").get("password").toString());

        // The tenant's creation by the admin and its first key, oldest last.
        List<Map<String, Object>> first = events(api, key, "?resourceType=tenant");
        assertThat(first).singleElement().satisfies(e -> assertThat(e).containsEntry("actor", "admin")
                .containsEntry("action", "created"));
    }

    @Test
    void aChangeThatFailsLeavesNoEventAndTheTrailIsWrittenInTheChangesTransaction() {
        Api api = new Api(web);
        String key = api.tenant("pro");
        String trunk = api.trunk(key, "unchanged");
        api.patch(key, "/api/v1/trunks/" + trunk, Map.of("port", "bad")).expectStatus().isBadRequest();
        api.trunk(key, "taken");
        api.patch(key, "/api/v1/trunks/" + trunk, Map.of("name", "taken")).expectStatus().isEqualTo(409);
        assertThat(events(api, key, "?resourceId=" + trunk)).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("action", "created"));

        UUID tenantId = UUID.fromString((String) api.get(key, "/api/v1/tenant").expectBody(Map.class).returnResult()
                .getResponseBody().get("id"));
        Mono<Void> failing = audit.record(tenantId, null, "updated", "trunk", "rolled-back", List.of("name"))
                .then(Mono.error(new IllegalStateException("the change failed after its event was written")));
        tx.transactional(failing).onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(10));
        assertThat(events(api, key, "?resourceId=rolled-back")).isEmpty();
    }

    @Test
    void theTrailCoversKeysAgentsAndNumbersAndIsTenantScopedWithFilters() {
        Api api = new Api(web);
        String key = api.tenant("pro");
        String trunk = api.trunk(key, "t");
        String agent = api.agent(key, "a");
        api.post(key, "/api/v1/agents/" + agent + "/signing-secret", Map.of()).expectStatus().isOk();
        String number = api.create(key, "/api/v1/numbers", Map.of("e164", "+15557770001", "trunkId", trunk, "agentId", agent));
        api.delete(key, "/api/v1/numbers/" + number).expectStatus().isNoContent();
        api.post(key, "/api/v1/api-keys", Map.of("name", "ci")).expectStatus().isCreated();

        assertThat(events(api, key, "?resourceType=agent")).extracting(e -> e.get("changedFields"))
                .containsExactly(List.of("signingSecret"), List.of("name", "url", "protocol", "token", "parameters", "signingSecret"));
        assertThat(events(api, key, "?resourceType=number")).extracting(e -> e.get("action"))
                .containsExactly("deleted", "created");
        assertThat(events(api, key, "?resourceType=api_key")).hasSize(2);
        assertThat(events(api, key, "?size=2")).hasSize(2);
        assertThat(events(api, key, "?from=" + Instant.now().plusSeconds(60))).isEmpty();

        String other = api.tenant("pro");
        assertThat(events(api, other, "?resourceId=" + agent)).isEmpty();
        api.get(key, "/api/v1/audit-events?resourceType=secret&from=yesterday").expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'resourceType')]").exists()
                .jsonPath("$.errors[?(@.field == 'from')].reason")
                .isEqualTo(List.of(dev.ariadne.web.QueryParams.INSTANT_REASON));
    }
}
