package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.ReferenceAgent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real call from the carrier through Asterisk reaches the tenant's webhook as call.started, call.answered and
 * call.ended, each signed with the webhook's secret; while the receiver is down the next call's events wait in the
 * outbox (deliveries pending, with the connection error) and arrive once it is back.
 */
@E2eTest
class WebhookE2eTests {
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> CALL_EVENTS = Set.of("call.started", "call.answered", "call.ended");
    private final E2eStack stack;

    WebhookE2eTests(E2eStack stack) {
        this.stack = stack;
    }

    @Test
    void aRealCallsEventsReachTheReceiverSignedAndAReceiverThatWasDownGetsThemLater() throws Exception {
        Api api = stack.api();
        CarrierTenant tenant = CarrierTenant.create(stack);
        ReferenceAgent agent = stack.echoAgent();
        String number = tenant.newNumber(tenant.echoAgentId());
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Map<String, Object> hook = api.post(tenant.apiKey(), "/api/v1/webhooks", Map.of("url", receiver.url(),
                    "events", List.of("call.started", "call.answered", "call.ended")));
            String secret = (String) hook.get("secret");
            String hookId = (String) hook.get("id");

            String first = call(agent, number);
            Map<String, JsonNode> events = awaitEvents(receiver, first, secret, () -> deliveries(api, tenant, hookId));
            Map<String, Object> record = api.call(tenant.apiKey(), first);
            JsonNode ended = events.get("call.ended").get("data").get("call");
            assertThat(ended.get("status").asString()).isEqualTo("completed").isEqualTo(record.get("status"));
            assertThat(ended.get("cause").asString()).isEqualTo("caller_hangup");
            assertThat(ended.get("to").asString()).isEqualTo(number).isEqualTo(record.get("to"));
            assertThat(ended.get("endedAt").asString()).isEqualTo(record.get("endedAt"));
            assertThat(ended.get("media").get("framesIn").asLong()).isPositive();
            assertThat(events.get("call.started").get("tenantId").asString()).isEqualTo(record.get("tenantId"));
            assertThat(events.get("call.answered").get("data").get("call").get("status").asString()).isEqualTo("answered");

            receiver.stop();
            int before = receiver.received().size();
            String second = call(agent, number);
            // The orchestrator keeps trying a receiver that refuses connections: pending, with the reason.
            await("a failed attempt to the stopped receiver").atMost(DELIVERY).pollInterval(Duration.ofMillis(300))
                    .until(() -> deliveries(api, tenant, hookId).stream().anyMatch(d -> "pending".equals(d.get("status"))
                            && ((Number) d.get("attempts")).intValue() >= 1 && d.get("lastError") != null));
            assertThat(receiver.received()).hasSize(before);
            Map<String, Object> failedAttempt = deliveries(api, tenant, hookId).stream()
                    .filter(d -> d.get("lastError") != null).findFirst().orElseThrow();
            System.out.println("webhook e2e: while down, a delivery was " + failedAttempt.get("status") + " after "
                    + failedAttempt.get("attempts") + " attempt(s): " + failedAttempt.get("lastError"));

            receiver.restart();
            Map<String, JsonNode> later = awaitEvents(receiver, second, secret, () -> deliveries(api, tenant, hookId));
            assertThat(later.get("call.ended").get("data").get("call").get("status").asString()).isEqualTo("completed");
            await("every delivery delivered").atMost(DELIVERY).pollInterval(Duration.ofMillis(300))
                    .until(() -> deliveries(api, tenant, hookId).stream().allMatch(d -> "delivered".equals(d.get("status"))));
            List<Map<String, Object>> all = deliveries(api, tenant, hookId);
            assertThat(all).hasSize(6);
            assertThat(all.stream().filter(d -> ((Number) d.get("attempts")).intValue() > 1)).as("retried").isNotEmpty();
            System.out.println("webhook e2e: deliveries " + all.stream().map(d -> d.get("eventType") + "/"
                    + d.get("attempts")).collect(Collectors.joining(", ")));
        }
    }

    /** Places a call from the carrier to the number, with a second of tone, hangs up; answers its call id. */
    private String call(ReferenceAgent agent, String number) {
        return AgentCalls.toneCall(stack.carrier(), agent, number, ANSWER, c -> {}).callId();
    }

    /** The call's three events as the receiver got them (each once, whatever the order), every signature checked. */
    private static Map<String, JsonNode> awaitEvents(WebhookReceiver receiver, String callId, String secret,
            java.util.function.Supplier<List<Map<String, Object>>> deliveries) {
        try {
            await("the call's three events at the receiver").atMost(DELIVERY).pollInterval(Duration.ofMillis(200))
                    .until(() -> ofCall(receiver, callId).keySet().equals(CALL_EVENTS));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.out.println("webhook e2e: call " + callId + ", received " + receiver.received().stream()
                    .map(r -> r.eventType() + " " + r.body()).toList() + ", deliveries " + deliveries.get());
            throw e;
        }
        for (WebhookReceiver.Received r : receiver.received()) {
            String[] parts = r.signature().split(",");
            long t = Long.parseLong(parts[0].substring(2));
            assertThat(parts[1]).as("signature of " + r.eventType()).isEqualTo("v1=" + hmac(secret, t + "." + r.body()));
            assertThat(Math.abs(Instant.now().getEpochSecond() - t)).as("signature age, s").isLessThan(300);
            JsonNode body = JSON.readTree(r.body());
            assertThat(r.eventId()).isEqualTo(body.get("id").asString());
            assertThat(r.eventType()).isEqualTo(body.get("type").asString());
        }
        return ofCall(receiver, callId);
    }

    private static Map<String, JsonNode> ofCall(WebhookReceiver receiver, String callId) {
        return receiver.received().stream()
                .map(r -> JSON.readTree(r.body()))
                .filter(b -> callId.equals(b.get("data").get("call").get("id").asString()))
                .collect(Collectors.toMap(b -> b.get("type").asString(), b -> b, (a, b) -> a));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> deliveries(Api api, CarrierTenant tenant, String hookId) {
        return (List<Map<String, Object>>) api.get(tenant.apiKey(), "/api/v1/webhooks/" + hookId + "/deliveries")
                .get("items");
    }

    private static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
