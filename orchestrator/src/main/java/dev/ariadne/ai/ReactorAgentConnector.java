package dev.ariadne.ai;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.net.ConnectException;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.json.JsonMapper;

/** {@link AgentConnector} on Reactor Netty's WebSocket client, one Resilience4j circuit breaker per agent URL. */
@Component
final class ReactorAgentConnector implements AgentConnector {

    private static final Logger log = LoggerFactory.getLogger(ReactorAgentConnector.class);

    private final AgentProperties properties;
    private final CircuitBreakerRegistry breakers;
    private final HttpClient client;
    private final JsonMapper json = JsonMapper.builder().build();

    ReactorAgentConnector(AgentProperties properties) {
        this.properties = Objects.requireNonNull(properties, "properties");
        AgentProperties.CircuitBreaker cb = properties.circuitBreaker();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(cb.failureRateThreshold())
                .slidingWindowSize(cb.slidingWindowSize())
                .minimumNumberOfCalls(cb.minimumNumberOfCalls())
                .waitDurationInOpenState(cb.waitDurationInOpenState())
                .permittedNumberOfCallsInHalfOpenState(cb.permittedCallsInHalfOpenState())
                .build());
        // A WebSocket holds its connection for the whole call: pooling would only keep dead sockets around.
        this.client = HttpClient.newConnection()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis());
    }

    @Override
    public Mono<AgentSession> connect(AgentSessionSpec spec) {
        Objects.requireNonNull(spec, "spec");
        CircuitBreaker breaker = breaker(spec);
        return Mono.defer(() -> open(spec))
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorMap(CallNotPermittedException.class, e -> new AgentUnavailableException(
                        AgentUnavailableException.Reason.CIRCUIT_OPEN,
                        "circuit breaker " + breaker.getName() + " is open",
                        null,
                        e));
    }

    /** The breaker guarding this spec's agent URL (package-private for tests and metrics). */
    CircuitBreaker breaker(AgentSessionSpec spec) {
        return breakers.circuitBreaker("agent:" + AgentUrls.redacted(spec.url()));
    }

    private Mono<AgentSession> open(AgentSessionSpec spec) {
        boolean twilio = AgentSessionSpec.TWILIO.equals(spec.protocol());
        AgentWire wire = twilio ? new TwilioWire(spec, json) : new AriadneWire(spec, json);
        WebsocketClientSpec.Builder ws = WebsocketClientSpec.builder()
                .maxFramePayloadLength(properties.maxFrameSize())
                .handlePing(false);
        if (!twilio) {
            ws.protocols(AgentSessionSpec.ARIADNE_V1);
        }
        String target = AgentUrls.redacted(spec.url());
        return Mono.<AgentSession>create(sink -> {
                    WebSocketAgentSession session = new WebSocketAgentSession(spec, wire, properties);
                    AtomicReference<Boolean> opened = new AtomicReference<>(false);
                    Disposable connection = client.headers(h -> {
                                if (spec.token() != null) {
                                    h.set("Authorization", "Bearer " + spec.token());
                                }
                                if (spec.traceparent() != null) {
                                    h.set("traceparent", spec.traceparent());
                                }
                                h.set("X-Ariadne-Call-Id", spec.callId());
                            })
                            .websocket(ws.build())
                            .uri(spec.url())
                            .handle((in, out) -> {
                                opened.set(true);
                                log.info("call {} agent session open: {} ({})", spec.callId(), target, spec.protocol());
                                Mono<Void> run = session.run(in, out);
                                sink.success(session);
                                return run;
                            })
                            .subscribe(null, error -> {
                                if (opened.get()) {
                                    session.fail(error);
                                } else {
                                    sink.error(unavailable(target, error));
                                }
                            });
                    sink.onCancel(() -> {
                        if (!opened.get()) {
                            connection.dispose();
                        }
                    });
                })
                .timeout(properties.handshakeTimeout())
                .onErrorMap(TimeoutException.class, e -> new AgentUnavailableException(
                        AgentUnavailableException.Reason.TIMEOUT,
                        "agent " + target + " did not complete the handshake within " + properties.handshakeTimeout(),
                        null,
                        e))
                .doOnError(e -> log.warn("call {} agent {} unavailable: {}", spec.callId(), target, e.getMessage()));
    }

    private static AgentUnavailableException unavailable(String target, Throwable error) {
        if (error instanceof WebSocketClientHandshakeException handshake) {
            Integer status = handshake.response() == null ? null : handshake.response().status().code();
            return new AgentUnavailableException(
                    AgentUnavailableException.Reason.HANDSHAKE_REJECTED,
                    "agent " + target + " refused the WebSocket handshake"
                            + (status == null ? "" : " with HTTP " + status) + ": " + handshake.getMessage(),
                    status,
                    error);
        }
        if (error instanceof ConnectException || error.getCause() instanceof ConnectException) {
            return new AgentUnavailableException(
                    AgentUnavailableException.Reason.CONNECT_FAILED,
                    "cannot connect to agent " + target + ": " + error.getMessage(),
                    null,
                    error);
        }
        return new AgentUnavailableException(
                AgentUnavailableException.Reason.CONNECT_FAILED,
                "agent " + target + " failed: " + error,
                null,
                error);
    }
}
