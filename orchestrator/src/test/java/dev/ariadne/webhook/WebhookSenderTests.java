package dev.ariadne.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.common.DeniedNetworks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sender against a real local HTTP server: what it sends, and a peer in a denied network gets nothing. */
class WebhookSenderTests {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TenantEvent EVENT = new TenantEvent(UUID.randomUUID(), UUID.randomUUID(), "call.started",
            "{\"n\":1}", Instant.parse("2026-12-03T08:00:00Z"));

    private static WebhookProperties props() {
        return new WebhookProperties(Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(24),
                Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(1), 8, 4, 0.8, Duration.ofSeconds(15),
                true, Duration.ofDays(7));
    }

    @Test
    void aNameThatResolvesIntoADeniedNetworkGetsNoRequest() throws Exception {
        try (Receiver receiver = new Receiver();
                WebhookSender sender = new WebhookSender(props(), DeniedNetworks.of(List.of("127.0.0.0/8", "::1/128")))) {
            String url = receiver.url().replace("127.0.0.1", "localhost"); // a name, as a changed DNS record would be
            WebhookSender.Attempt a = sender.send(url, "secret-0123456789abcdef", EVENT, 1764748800L).block(WAIT);
            assertThat(a.delivered()).isFalse();
            assertThat(a.status()).isNull();
            assertThat(a.error()).contains("in the denied network 127.0.0.0/8 (ariadne.agent.denied-networks)");
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void anAllowedPeerGetsTheSignedEnvelopeAndItsAnswerIsKeptToTheExcerpt() throws Exception {
        try (Receiver receiver = new Receiver().answering(418);
                WebhookSender sender = new WebhookSender(props(), DeniedNetworks.of(List.of("169.254.0.0/16")))) {
            WebhookSender.Attempt a = sender.send(receiver.url(), "secret-0123456789abcdef", EVENT, 1764748800L)
                    .block(WAIT);
            assertThat(a).isEqualTo(new WebhookSender.Attempt(418, "HTTP 418", "answer 418"));
            Receiver.Request r = receiver.requests().get(0);
            assertThat(r.body()).isEqualTo("{\"id\":\"" + EVENT.id() + "\",\"type\":\"call.started\",\"createdAt\":"
                    + "\"2026-12-03T08:00:00Z\",\"tenantId\":\"" + EVENT.tenantId() + "\",\"data\":{\"n\":1}}");
            assertThat(r.header("Ariadne-Signature")).isEqualTo(Signatures.header("secret-0123456789abcdef",
                    1764748800L, r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(r.header("Ariadne-Signature")).startsWith("t=1764748800,v1=");
        }
    }
}
