package dev.ariadne.agent.reference;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference AI agent: a WebSocket server speaking the {@code ariadne.v1} agent protocol and Twilio Media
 * Streams (chosen per connection by the first message), used by tests, demos and benchmarks.
 *
 * <p>Modes: {@code echo} sends back the audio it receives; {@code tone} sends a continuous sine in 20 ms frames
 * at real-time pace; {@code scripted} sends no audio of its own. In every mode the configured {@link Step}s run
 * (hang up after N ms, transfer on a DTMF digit, send a mark...), DTMF digits and echoed marks are logged, and
 * each call is recorded ({@link RecordedCall}: start and stop messages, the last 30 s of received audio, DTMF
 * digits, echoed marks). Any path is accepted ({@code /agent} by convention). One log line per event, never
 * per frame.
 *
 * <p>From the command line: {@code java -jar ariadne-reference-agent-<version>-exec.jar --port 8090 --mode tone
 * --tone-hz 1000 --hangup-after-ms 10000 --token secret} (see {@link ReferenceAgentConfig} for all options and
 * their {@code ARIADNE_AGENT_*} environment variables).
 *
 * <p>As a library: {@code ReferenceAgent agent = ReferenceAgent.start(ReferenceAgentConfig.defaults());} then
 * {@link #port()}, {@link #calls()}, {@link #hangup(String)}, and {@link #close()} when done.
 */
public final class ReferenceAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReferenceAgent.class);

    private final ReferenceAgentConfig config;
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<AgentConnection> connections = new CopyOnWriteArrayList<>();
    private final DisposableServer server;
    /**
     * Its own event loops, not reactor-netty's global ones: an orchestrator in the same JVM (the e2e stack) disposes
     * the global loops when its context closes, which would take this server down with it.
     */
    private final LoopResources loops = LoopResources.create("reference-agent", 1, LoopResources.DEFAULT_IO_WORKER_COUNT, true);

    private ReferenceAgent(ReferenceAgentConfig config) {
        this.config = config;
        // Twilio-style clients ask for no subprotocol; a spec listing one would not serve them.
        WebsocketServerSpec ariadne = WebsocketServerSpec.builder()
                .protocols("ariadne.v1")
                .maxFramePayloadLength(1 << 20)
                .build();
        WebsocketServerSpec plain =
                WebsocketServerSpec.builder().maxFramePayloadLength(1 << 20).build();
        this.server = HttpServer.create()
                .host(config.host())
                .port(config.port())
                .runOn(loops)
                .handle((request, response) -> accept(
                        request,
                        response,
                        request.requestHeaders().contains(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL) ? ariadne : plain))
                .bindNow();
    }

    /** Starts listening; returns once the port is bound. */
    public static ReferenceAgent start(ReferenceAgentConfig config) {
        ReferenceAgent agent = new ReferenceAgent(Objects.requireNonNull(config, "config"));
        log.info("reference agent listening on {}:{} ({})", config.host(), agent.port(), config);
        return agent;
    }

    public static void main(String[] args) throws InterruptedException {
        // No logback.xml on purpose: this jar is also on other modules' test classpaths. Quiet Netty here.
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.INFO);
        }
        ReferenceAgent agent = start(ReferenceAgentConfig.from(args, System.getenv()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** The bound port (the ephemeral one when configured with 0). */
    public int port() {
        return server.port();
    }

    /** {@code ws://127.0.0.1:<port>/agent}: what a test on this machine connects to. */
    public String url() {
        return "ws://127.0.0.1:" + port() + "/agent";
    }

    public ReferenceAgentConfig config() {
        return config;
    }

    /** Every call since start, oldest first, including finished ones. */
    public List<RecordedCall> calls() {
        return connections.stream().map(AgentConnection::call).toList();
    }

    /** The newest call with this call id (from the {@code start} message or the X-Ariadne-Call-Id header). */
    public Optional<RecordedCall> call(String callId) {
        return connection(callId).map(AgentConnection::call);
    }

    /** Tells the orchestrator to hang up this call now ({@code hangup}; Twilio profile: closes the socket). */
    public boolean hangup(String callId) {
        Optional<AgentConnection> connection = connection(callId);
        connection.ifPresent(c -> c.hangup("requested"));
        return connection.isPresent();
    }

    /** Closes this call's WebSocket from the agent's side with the given close code and reason. */
    public boolean disconnect(String callId, int code, String reason) {
        Optional<AgentConnection> connection = connection(callId);
        connection.ifPresent(c -> c.disconnect(code, reason));
        return connection.isPresent();
    }

    @Override
    public void close() {
        connections.forEach(c -> c.disconnect(1001, "agent shutting down"));
        server.disposeNow();
        loops.disposeLater().block(java.time.Duration.ofSeconds(5));
        log.info("reference agent stopped");
    }

    private Optional<AgentConnection> connection(String callId) {
        List<AgentConnection> all = connections;
        for (int i = all.size() - 1; i >= 0; i--) {
            if (callId.equals(all.get(i).call().callId())) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    private Mono<Void> accept(HttpServerRequest request, HttpServerResponse response, WebsocketServerSpec spec) {
        if (!request.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, "websocket", true)) {
            return response.status(HttpResponseStatus.UPGRADE_REQUIRED).send();
        }
        String expected = config.token() == null ? null : "Bearer " + config.token();
        if (expected != null && !expected.equals(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION))) {
            log.warn("refused {}: missing or wrong bearer token", request.uri());
            return response.status(HttpResponseStatus.UNAUTHORIZED).send();
        }
        if (config.signingSecret() != null) {
            String refusal = HandshakeSignature.verify(config.signingSecret(),
                    request.requestHeaders().get(HandshakeSignature.HEADER),
                    request.requestHeaders().get("X-Ariadne-Call-Id"), Instant.now());
            if (refusal != null) {
                log.warn("refused {}: {}", request.uri(), refusal);
                return response.status(HttpResponseStatus.UNAUTHORIZED).send();
            }
        }
        Map<String, String> headers = new TreeMap<>();
        request.requestHeaders().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        AgentConnection connection = new AgentConnection(config, new RecordedCall(headers, recordBytes()), json);
        connections.add(connection);
        log.info("call {} connected on {}", headers.get("x-ariadne-call-id"), request.uri());
        return response.sendWebsocket(connection::handle, spec);
    }

    private int recordBytes() {
        return (int) Math.min(Integer.MAX_VALUE - 8, config.recordLimit().toMillis() * 32);
    }
}
