package dev.ariadne.ai;

import dev.ariadne.common.DeniedNetworks;
import dev.ariadne.io.IoLoops;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link AgentConnector} on a plain Netty WebSocket client, one Resilience4j circuit breaker per agent URL.
 * Each connection is registered on the event loop the caller gives (the call's media loop): the audio path
 * between the call's RTP socket and this WebSocket then never changes threads. DNS is resolved asynchronously
 * (Netty's resolver), so a slow name server never blocks a loop that carries other calls' audio.
 */
@Component
final class WebSocketAgentConnector implements AgentConnector, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebSocketAgentConnector.class);
    // Netty's own outbound buffer stays small; beyond it the session keeps a bounded backlog that drops the
    // oldest audio (AgentProperties.maxPendingAudioFrames).
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(8 * 1024, 16 * 1024);

    private final AgentProperties properties;
    private final IoLoops loops;
    private final CircuitBreakerRegistry breakers;
    private final AgentAddresses addresses;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile SslContext tls;
    private final AgentMeters meters;

    WebSocketAgentConnector(AgentProperties properties, IoLoops loops) {
        this(properties, loops, new io.micrometer.core.instrument.composite.CompositeMeterRegistry());
    }

    @org.springframework.beans.factory.annotation.Autowired
    WebSocketAgentConnector(AgentProperties properties, IoLoops loops,
            io.micrometer.core.instrument.MeterRegistry meters) {
        this.meters = new AgentMeters(meters);
        this.properties = Objects.requireNonNull(properties, "properties");
        this.loops = Objects.requireNonNull(loops, "loops");
        AgentProperties.CircuitBreaker cb = properties.circuitBreaker();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(cb.failureRateThreshold())
                .slidingWindowSize(cb.slidingWindowSize())
                .minimumNumberOfCalls(cb.minimumNumberOfCalls())
                .waitDurationInOpenState(cb.waitDurationInOpenState())
                .permittedNumberOfCallsInHalfOpenState(cb.permittedCallsInHalfOpenState())
                .build());
        // An agent going away and coming back, for SREs: one line per change of its breaker (the per-call WARNs say
        // why each connect failed).
        breakers.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher()
                .onStateTransition(t -> logTransition(t.getCircuitBreakerName(), t.getStateTransition(),
                        added.getAddedEntry().getMetrics().getFailureRate(), cb.waitDurationInOpenState())));
        this.meters.breakers(breakers);
        this.addresses = new AgentAddresses(DeniedNetworks.of(properties.deniedNetworks()), loops.datagramChannel());
    }

    static void logTransition(String name, CircuitBreaker.StateTransition transition, float failureRate, Duration open) {
        switch (transition.getToState()) {
            case OPEN -> {
                if (transition.getFromState() == CircuitBreaker.State.HALF_OPEN) {
                    log.warn("{} still fails: calls to it get the unavailable prompt for another {} s", name,
                            open.toSeconds());
                } else {
                    log.error("{} is failing ({} % of recent connects): calls to it get the unavailable prompt for {} s,"
                            + " then a few are tried", name, Math.round(failureRate), open.toSeconds());
                }
            }
            case HALF_OPEN -> log.info("{}: trying a few calls again", name);
            case CLOSED -> log.info("{} works again", name);
            default -> log.info("{}: circuit breaker {}", name, transition);
        }
    }

    @Override
    public Mono<AgentSession> connect(AgentSessionSpec spec, EventLoop loop) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(loop, "loop");
        CircuitBreaker breaker = breaker(spec);
        return meters.timed(AgentUrls.redacted(spec.url()), Mono.defer(() -> open(spec, loop))
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorMap(CallNotPermittedException.class, e -> new AgentUnavailableException(
                        AgentUnavailableException.Reason.CIRCUIT_OPEN,
                        "circuit breaker " + breaker.getName() + " is open",
                        null,
                        e)));
    }

    /** {@link #connect(AgentSessionSpec, EventLoop)} on the next loop (tests, tools). */
    Mono<AgentSession> connect(AgentSessionSpec spec) {
        return connect(spec, loops.next());
    }

    /** How agent hosts are resolved and checked (shared with {@link AgentUrlPolicy}). */
    AgentAddresses addresses() {
        return addresses;
    }

    /** The breaker guarding this spec's agent URL (package-private for tests and metrics). */
    CircuitBreaker breaker(AgentSessionSpec spec) {
        return breakers.circuitBreaker("agent:" + AgentUrls.redacted(spec.url()));
    }

    private Mono<AgentSession> open(AgentSessionSpec spec, EventLoop loop) {
        String target = AgentUrls.redacted(spec.url());
        // Resolution counts towards the handshake timeout, as before; a denied address is never connected to.
        return addresses.resolve(spec.url(), loop)
                .flatMap(address -> open(spec, loop, address))
                .timeout(properties.handshakeTimeout())
                .onErrorMap(e -> unavailable(target, e))
                .doOnError(e -> log.warn("call {} agent {} unavailable: {}", spec.callId(), target, e.getMessage()));
    }

    private Mono<AgentSession> open(AgentSessionSpec spec, EventLoop loop, InetSocketAddress address) {
        boolean twilio = AgentSessionSpec.TWILIO.equals(spec.protocol());
        AgentWire wire = twilio ? new TwilioWire(spec, json) : new AriadneWire(spec, json);
        URI uri = spec.url();
        boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
        String host = uri.getHost();
        int port = address.getPort();
        WebSocketAgentSession session = new WebSocketAgentSession(spec, wire, properties, loop);
        HttpHeaders headers = new DefaultHttpHeaders();
        if (spec.token() != null) {
            headers.set("Authorization", "Bearer " + spec.token());
        }
        if (spec.traceparent() != null) {
            headers.set("traceparent", spec.traceparent());
        }
        headers.set("X-Ariadne-Call-Id", spec.callId());
        if (spec.signingSecret() != null) {
            headers.set(HandshakeSigner.HEADER,
                    HandshakeSigner.header(spec.signingSecret(), spec.callId(), System.currentTimeMillis() / 1000));
        }
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .subprotocol(twilio ? null : AgentSessionSpec.ARIADNE_V1)
                .customHeaders(headers)
                .maxFramePayloadLength(properties.maxFrameSize())
                .handleCloseFrames(false) // the session answers close frames itself, with the agent's code
                .dropPongFrames(true)
                // Ours (below) fires first; this one only cleans up a connection nobody waits for.
                .handshakeTimeoutMillis(properties.handshakeTimeout().toMillis() + 1000)
                .build();
        SslContext ssl = secure ? tls() : null;
        ChannelFuture connecting = new Bootstrap()
                .group(loop)
                .channel(loops.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            p.addLast(sslHandler(ssl, ch, host, port));
                        }
                        p.addLast(new HttpClientCodec(),
                                new HttpObjectAggregator(16 * 1024),
                                new WebSocketClientProtocolHandler(config),
                                new WebSocketFrameAggregator(properties.maxFrameSize()),
                                session);
                    }
                })
                .connect(address);
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                session.failOpen(f.cause());
            }
        });
        return session.opened()
                .doOnCancel(() -> connecting.channel().close())
                .doOnError(e -> connecting.channel().close());
    }

    private AgentUnavailableException unavailable(String target, Throwable error) {
        if (error instanceof AgentUnavailableException known) {
            return known;
        }
        if (error instanceof TimeoutException) {
            return new AgentUnavailableException(
                    AgentUnavailableException.Reason.TIMEOUT,
                    "agent " + target + " did not complete the handshake within " + properties.handshakeTimeout(),
                    null,
                    error);
        }
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

    private SslContext tls() {
        SslContext context = tls;
        if (context == null) {
            try {
                context = SslContextBuilder.forClient().build(); // the JDK's trust store
            } catch (SSLException e) {
                throw new IllegalStateException("cannot build the TLS client context", e);
            }
            tls = context;
        }
        return context;
    }

    // Verifies the agent's certificate against its host name, as any HTTPS client does.
    private static SslHandler sslHandler(SslContext ssl, Channel ch, String host, int port) {
        SslHandler handler = ssl.newHandler(ch.alloc(), host, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return handler;
    }

    @Override
    public void close() {
        addresses.close();
    }
}
