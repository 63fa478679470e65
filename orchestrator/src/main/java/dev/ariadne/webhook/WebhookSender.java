package dev.ariadne.webhook;

import dev.ariadne.ai.AgentProperties;
import dev.ariadne.common.DeniedNetworks;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Autowired;
import io.netty.channel.ChannelOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * POSTs one event to one webhook, signed, with a connect and a response timeout; never follows redirects. The
 * answer's body is read only up to {@link #EXCERPT} bytes, so a receiver cannot make a node hold a large body. A
 * connection whose peer is in {@code ariadne.agent.denied-networks} is closed before anything is written on it: the
 * URL was checked when it was saved, but the name may resolve elsewhere now.
 */
@Component
class WebhookSender implements AutoCloseable {
    static final int EXCERPT = 1024;
    private final DeniedNetworks denied;
    private final ConnectionProvider pool;
    private final HttpClient http;
    private final Duration overall;

    @Autowired
    WebhookSender(WebhookProperties props, AgentProperties agents) {
        this(props, DeniedNetworks.of(agents.deniedNetworks()));
    }

    WebhookSender(WebhookProperties props, DeniedNetworks denied) {
        this.denied = denied;
        this.pool = ConnectionProvider.builder("webhooks")
                .maxConnections(props.maxInFlight())
                .pendingAcquireMaxCount(props.maxInFlight() * 2)
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        this.http = HttpClient.create(pool)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) props.connectTimeout().toMillis())
                .responseTimeout(props.responseTimeout())
                .followRedirect(false)
                .headers(h -> h.set("User-Agent", "Ariadne-Webhooks/1").set("Content-Type", "application/json"));
        this.overall = props.connectTimeout().plus(props.responseTimeout()).plusSeconds(5);
    }

    /** How an attempt went: a status (null when there was no answer), why it did not deliver, the answer's start. */
    record Attempt(Integer status, String error, String excerpt) {
        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    Mono<Attempt> send(String url, String secret, TenantEvent event, long unixSeconds) {
        byte[] body = event.envelope().getBytes(StandardCharsets.UTF_8);
        String signature = Signatures.header(secret, unixSeconds, body);
        UUID id = event.id();
        AtomicReference<String> refused = new AtomicReference<>();
        return http.doOnConnected(c -> {
                    if (c.channel().remoteAddress() instanceof InetSocketAddress peer && peer.getAddress() != null) {
                        denied.denying(peer.getAddress()).ifPresent(entry -> {
                            refused.set(peer.getAddress().getHostAddress() + " is in the denied network " + entry
                                    + " (ariadne.agent.denied-networks)");
                            c.channel().close();
                        });
                    }
                })
                .headers(h -> h.set("Ariadne-Event-Id", id.toString())
                        .set("Ariadne-Event-Type", event.type())
                        .set("Ariadne-Signature", signature))
                .post()
                .uri(url)
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                .response((response, content) -> content.asByteArray()
                        .scan(new byte[0], WebhookSender::append)
                        .takeUntil(b -> b.length >= EXCERPT)
                        .last(new byte[0])
                        .map(b -> {
                            int code = response.status().code();
                            String excerpt = b.length == 0 ? null : new String(b, StandardCharsets.UTF_8);
                            return new Attempt(code, code >= 200 && code < 300 ? null : "HTTP " + code, excerpt);
                        }))
                .next()
                .timeout(overall)
                .onErrorResume(e -> Mono.just(new Attempt(null, refused.get() != null ? refused.get() : reason(e), null)));
    }

    private static byte[] append(byte[] acc, byte[] more) {
        int n = Math.min(more.length, EXCERPT - acc.length);
        if (n <= 0) {
            return acc;
        }
        byte[] out = java.util.Arrays.copyOf(acc, acc.length + n);
        System.arraycopy(more, 0, out, acc.length, n);
        return out;
    }

    /** The failure as a receiver's operator would search for it; never the secret or the body. */
    static String reason(Throwable e) {
        if (e instanceof TimeoutException || e instanceof io.netty.handler.timeout.ReadTimeoutException) {
            return "timeout: no answer in time";
        }
        String name = e.getClass().getSimpleName();
        String message = e.getMessage();
        return message == null ? name : name + ": " + message;
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
