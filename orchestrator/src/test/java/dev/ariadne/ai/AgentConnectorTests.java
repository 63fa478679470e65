package dev.ariadne.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.RecordedCall;
import dev.ariadne.agent.reference.ReferenceAgent;
import dev.ariadne.agent.reference.ReferenceAgentConfig;
import dev.ariadne.agent.reference.Step;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class AgentConnectorTests {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final WebSocketAgentConnector connector = new WebSocketAgentConnector(AgentProperties.defaults(), RecordingSink.LOOPS);

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    @Test
    void sendsHeadersAndAStartMessageWithTheCallMetadata() {
        ReferenceAgent agent = agent(ReferenceAgentConfig.defaults().withToken("agent-secret"));
        AgentSession session = connect(spec("call-1", agent.url(), "agent-secret", AgentSessionSpec.ARIADNE_V1));

        RecordedCall call = awaitStart(agent, "call-1");
        assertThat(call.headers())
                .containsEntry("authorization", "Bearer agent-secret")
                .containsEntry("traceparent", TRACEPARENT)
                .containsEntry("x-ariadne-call-id", "call-1")
                .containsEntry("sec-websocket-protocol", "ariadne.v1");
        assertThat(call.start())
                .containsEntry("type", "start")
                .containsEntry("callId", "call-1")
                .containsEntry("tenantId", "tenant-1")
                .containsEntry("direction", "inbound")
                .containsEntry("from", "+15550001")
                .containsEntry("to", "+15550002")
                .containsEntry("trunk", "trunk-a")
                .containsEntry("agent", "agent-a")
                .containsEntry("customParameters", Map.of("lang", "en"))
                .containsEntry(
                        "mediaFormat",
                        Map.of("encoding", "audio/l16", "sampleRate", 16000, "channels", 1, "endianness", "little"));
        StepVerifier.create(session.close()).expectComplete().verify(WAIT);
    }

    @Test
    void aSessionOpenedForAnOutboundCallSendsStartOnlyWhenToldWithTheDetailsKnownThen() throws Exception {
        ReferenceAgent agent = agent(ReferenceAgentConfig.defaults());
        AgentSessionSpec base = spec("call-9", agent.url(), null, AgentSessionSpec.ARIADNE_V1);
        AgentSession session = connect(new AgentSessionSpec(base.callId(), base.tenantId(), base.url(), base.protocol(),
                null, TRACEPARENT, Map.of("direction", "outbound", "from", "+15550001", "to", "+15550002"), false));
        await().atMost(WAIT).until(() -> agent.call("call-9").isPresent());
        Thread.sleep(200);
        assertThat(agent.call("call-9").orElseThrow().start()).as("no start before the callee answered").isNull();

        session.sendStart(Map.of("trunk", "trunk-b", "direction", "outbound"));
        session.sendStart(Map.of("trunk", "trunk-c")); // once only
        RecordedCall call = awaitStart(agent, "call-9");
        assertThat(call.start()).containsEntry("direction", "outbound").containsEntry("trunk", "trunk-b")
                .containsEntry("from", "+15550001").containsEntry("to", "+15550002");
        Thread.sleep(200);
        assertThat(call.messages()).filteredOn(m -> "start".equals(m.get("type"))).hasSize(1);
    }

    @Test
    void aSessionThatNeverStartedClosesWithoutAStopMessage() {
        ReferenceAgent agent = agent(ReferenceAgentConfig.defaults());
        AgentSessionSpec base = spec("call-10", agent.url(), null, AgentSessionSpec.ARIADNE_V1);
        AgentSession session = connect(new AgentSessionSpec(base.callId(), base.tenantId(), base.url(), base.protocol(),
                null, null, Map.of(), false));
        await().atMost(WAIT).until(() -> agent.call("call-10").isPresent());
        StepVerifier.create(session.stop("no_answer", "19")).expectComplete().verify(WAIT);
        RecordedCall call = agent.call("call-10").orElseThrow();
        await().atMost(WAIT).until(call::closed);
        assertThat(call.messages()).isEmpty();
        assertThat(call.closeReason()).isEqualTo("no_answer");
    }

    @Test
    void binaryAudioRoundTripsInOrder() {
        ReferenceAgent agent = agent(ReferenceAgentConfig.defaults());
        AgentSession session = connect(spec("call-2", agent.url(), null, AgentSessionSpec.ARIADNE_V1));
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int i = 0; i < 40; i++) {
            byte[] frame = new byte[640];
            for (int j = 0; j < frame.length; j++) {
                frame[j] = (byte) (i * 7 + j);
            }
            sent.writeBytes(frame);
            session.sendAudio(Unpooled.wrappedBuffer(frame));
        }
        ByteArrayOutputStream echoed = new ByteArrayOutputStream();
        StepVerifier.create(RecordingSink.on(session).items().ofType(AgentEvent.Audio.class).take(40 * 640, true))
                .thenConsumeWhile(audio -> {
                    echoed.writeBytes(audio.pcmLe());
                    return echoed.size() < sent.size();
                })
                .thenCancel()
                .verify(WAIT);
        assertThat(echoed.toByteArray()).isEqualTo(sent.toByteArray());
        assertThat(session.droppedAudioFrames()).isZero();
    }

    @Test
    void eachAgentMessageBecomesItsEvent() {
        ReferenceAgent agent = agent(ReferenceAgentConfig.defaults()
                .withMode(ReferenceAgentConfig.Mode.SCRIPTED)
                .withSteps(Step.parse("on-dtmf:1:clear,on-dtmf:1:mark:m1,on-dtmf:1:dtmf:12#,"
                        + "on-dtmf:1:transfer:+15559999,on-dtmf:1:hangup:done")));
        AgentSession session = connect(spec("call-3", agent.url(), null, AgentSessionSpec.ARIADNE_V1));
        awaitStart(agent, "call-3");
        RecordingSink sink = RecordingSink.on(session);
        session.sendDtmf("1");
        StepVerifier.create(sink.items())
                .expectNext(new AgentEvent.Clear())
                .expectNext(new AgentEvent.Mark("m1"))
                .thenCancel()
                .verify(WAIT);
        StepVerifier.create(session.events())
                .expectNext(new AgentEvent.Dtmf("12#"))
                .expectNext(new AgentEvent.Transfer("+15559999"))
                .expectNext(new AgentEvent.Hangup("done"))
                .then(() -> session.sendMarkPlayed("m1"))
                .thenCancel()
                .verify(WAIT);
        RecordedCall call = agent.call("call-3").orElseThrow();
        await().atMost(WAIT).until(() -> call.marksEchoed().contains("m1"));
        assertThat(call.dtmf()).isEqualTo("1");
    }

    @Test
    void malformedMessagesAreReportedAndAnsweredWithoutEndingTheSession() throws Exception {
        RawAgentServer server = new RawAgentServer(List.of(
                "{not json", "{\"type\":\"bogus\"}", "{\"type\":\"transfer\"}", "[1]", "{\"type\":\"clear\"}"));
        resources.add(server);
        AgentSession session = connect(spec("call-4", server.url(), null, AgentSessionSpec.ARIADNE_V1));
        StepVerifier.create(session.events())
                .assertNext(e -> assertThat(e).isInstanceOf(AgentEvent.Malformed.class))
                .assertNext(e -> assertThat(((AgentEvent.Malformed) e).reason()).contains("bogus"))
                .assertNext(e -> assertThat(((AgentEvent.Malformed) e).reason()).contains("\"to\""))
                .assertNext(e -> assertThat(e).isInstanceOf(AgentEvent.Malformed.class))
                .thenCancel()
                .verify(WAIT);
        StepVerifier.create(RecordingSink.on(session).items())
                .expectNext(new AgentEvent.Clear())
                .thenCancel()
                .verify(WAIT);
        assertThat(server.received.poll(5, TimeUnit.SECONDS)).contains("\"type\":\"start\"");
        for (int i = 0; i < 4; i++) {
            assertThat(server.received.poll(5, TimeUnit.SECONDS)).contains("\"type\":\"error\"");
        }
        assertThat(session.closeReason()).isNull();
        session.sendDtmf("9");
        assertThat(server.received.poll(5, TimeUnit.SECONDS)).contains("\"digit\":\"9\"");
    }

    @Test
    void agentClosingTheSocketEndsEventsWithItsCodeAndReason() {
        ReferenceAgent agent = agent(ReferenceAgentConfig.defaults());
        AgentSession session = connect(spec("call-5", agent.url(), null, AgentSessionSpec.ARIADNE_V1));
        awaitStart(agent, "call-5");
        agent.disconnect("call-5", 4001, "agent done");
        StepVerifier.create(session.events())
                .expectNext(new AgentEvent.Closed(4001, "agent done"))
                .expectComplete()
                .verify(WAIT);
        assertThat(session.closeReason()).isEqualTo("agent closed: 4001 agent done");
    }

    @Test
    void stopSendsStopThenClosesNormally() {
        ReferenceAgent agent = agent(ReferenceAgentConfig.defaults());
        AgentSession session = connect(spec("call-6", agent.url(), null, AgentSessionSpec.ARIADNE_V1));
        RecordedCall call = awaitStart(agent, "call-6");
        StepVerifier.create(session.stop("caller hung up", "16")).expectComplete().verify(WAIT);
        StepVerifier.create(session.events())
                .expectNext(new AgentEvent.Closed(1000, "caller hung up"))
                .expectComplete()
                .verify(WAIT);
        await().atMost(WAIT).until(call::closed);
        assertThat(call.stop()).containsEntry("reason", "caller hung up").containsEntry("cause", "16");
        assertThat(call.closeCode()).isEqualTo(1000);
        assertThat(session.closeReason()).isEqualTo("caller hung up");
        StepVerifier.create(session.close()).expectComplete().verify(WAIT);
        session.sendAudio(Unpooled.wrappedBuffer(new byte[640]));
        await().atMost(WAIT).until(() -> session.droppedAudioFrames() == 1); // handed to the event loop
    }

    @Test
    void aStalledAgentCostsBoundedMemoryTheOldestAudioIsDroppedAndCounted() throws Exception {
        StalledAgent stalled = new StalledAgent();
        resources.add(stalled);
        AgentSession session = connect(spec("call-slow", stalled.url(), null, AgentSessionSpec.ARIADNE_V1));
        int frames = 20_000; // 12.8 MB: far more than the socket buffers hold
        for (int i = 0; i < frames; i++) {
            byte[] frame = new byte[640];
            frame[0] = (byte) i;
            frame[1] = (byte) (i >> 8);
            session.sendAudio(Unpooled.wrappedBuffer(frame));
        }
        await().atMost(WAIT).until(() -> session.droppedAudioFrames() > 0);
        stalled.release();
        // Every frame is accounted for: delivered, or dropped and counted.
        await().atMost(WAIT).until(() -> stalled.binaryTags.size() + session.droppedAudioFrames() == frames);

        List<Integer> got = List.copyOf(stalled.binaryTags);
        assertThat(got).as("newest audio kept").endsWith(frames - 1);
        assertThat(got).as("in order").isSorted();
        // What waited in the bounded backlog is the newest, contiguous; the oldest of it was dropped.
        int backlog = AgentProperties.defaults().maxPendingAudioFrames();
        assertThat(got.subList(got.size() - backlog, got.size()))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(frames - backlog, frames).boxed().toList());
        assertThat(got.get(got.size() - backlog - 1)).as("a gap before the backlog").isLessThan(frames - backlog - 1);
    }

    @Test
    void refusedHandshakeFailsWithTheHttpStatus() {
        ReferenceAgent agent = agent(ReferenceAgentConfig.defaults().withToken("right"));
        StepVerifier.create(connector.connect(spec("call-7", agent.url(), "wrong", AgentSessionSpec.ARIADNE_V1)))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(AgentUnavailableException.class);
                    AgentUnavailableException u = (AgentUnavailableException) e;
                    assertThat(u.reason()).isEqualTo(AgentUnavailableException.Reason.HANDSHAKE_REJECTED);
                    assertThat(u.httpStatus()).hasValue(401);
                    assertThat(u.getMessage()).doesNotContain("wrong");
                })
                .verify(WAIT);
        assertThat(agent.calls()).isEmpty();
    }

    @Test
    void anAgentWhoseHostResolvesIntoADeniedNetworkIsNeverConnectedTo() {
        ReferenceAgent agent = agent(ReferenceAgentConfig.defaults());
        WebSocketAgentConnector guarded = new WebSocketAgentConnector(
                AgentProperties.defaults().withDeniedNetworks(List.of("169.254.0.0/16", "127.0.0.0/8")), RecordingSink.LOOPS);
        resources.add(guarded);
        // By name: the check is on the address the name resolves to, at connect time.
        String byName = agent.url().replace("127.0.0.1", "localhost");
        StepVerifier.create(guarded.connect(spec("call-d", byName, null, AgentSessionSpec.ARIADNE_V1)))
                .expectErrorSatisfies(e -> {
                    assertThat(((AgentUnavailableException) e).reason())
                            .isEqualTo(AgentUnavailableException.Reason.ADDRESS_DENIED);
                    assertThat(e.getMessage()).contains("localhost resolves to 127.0.0.1")
                            .contains("denied network 127.0.0.0/8");
                })
                .verify(WAIT);
        assertThat(agent.calls()).isEmpty();
        // The same agent with the default denied networks is reached, so the refusal above was the policy's.
        AgentSession session = connect(spec("call-e", byName, null, AgentSessionSpec.ARIADNE_V1));
        awaitStart(agent, "call-e");
        StepVerifier.create(session.close()).expectComplete().verify(WAIT);
    }

    @Test
    void aSignedHandshakeIsAcceptedByAnAgentThatVerifiesItAndAForgedOneIsRefused() {
        ReferenceAgent agent = agent(ReferenceAgentConfig.defaults().withSigningSecret("whsec_right"));
        AgentSessionSpec base = spec("call-s1", agent.url(), null, AgentSessionSpec.ARIADNE_V1);
        AgentSession session = connect(new AgentSessionSpec(base.callId(), base.tenantId(), base.url(), base.protocol(),
                null, TRACEPARENT, base.start(), true, "whsec_right"));
        RecordedCall call = awaitStart(agent, "call-s1");
        assertThat(call.headers().get("x-ariadne-signature")).matches("t=\\d+,v1=[0-9a-f]{64}");
        StepVerifier.create(session.close()).expectComplete().verify(WAIT);

        for (String secret : new String[] {"whsec_wrong", null}) {
            AgentSessionSpec forged = new AgentSessionSpec("call-s2", base.tenantId(), base.url(), base.protocol(),
                    null, TRACEPARENT, base.start(), true, secret);
            StepVerifier.create(connector.connect(forged))
                    .expectErrorSatisfies(e -> {
                        assertThat(((AgentUnavailableException) e).reason())
                                .isEqualTo(AgentUnavailableException.Reason.HANDSHAKE_REJECTED);
                        assertThat(((AgentUnavailableException) e).httpStatus()).hasValue(401);
                    })
                    .verify(WAIT);
        }
        assertThat(agent.calls()).hasSize(1);
    }

    @Test
    void handshakeThatNeverCompletesTimesOut() throws Exception {
        ServerSocket silent = new ServerSocket(0);
        resources.add(silent);
        AgentProperties d = AgentProperties.defaults();
        WebSocketAgentConnector impatient = new WebSocketAgentConnector(new AgentProperties(
                d.connectTimeout(), Duration.ofMillis(300), d.closeTimeout(), d.maxFrameSize(),
                d.maxPendingAudioFrames(), d.maxPendingEvents(), d.circuitBreaker(), d.deniedNetworks()), RecordingSink.LOOPS);
        String url = "ws://127.0.0.1:" + silent.getLocalPort() + "/agent";
        StepVerifier.create(impatient.connect(spec("call-8", url, null, AgentSessionSpec.ARIADNE_V1)))
                .expectErrorSatisfies(e -> assertThat(((AgentUnavailableException) e).reason())
                        .isEqualTo(AgentUnavailableException.Reason.TIMEOUT))
                .verify(WAIT);
    }

    @Test
    void failuresOpenThePerAgentBreakerWhichThenFailsFastWithoutConnecting() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        WebSocketAgentConnector guarded = new WebSocketAgentConnector(
                withBreaker(new AgentProperties.CircuitBreaker(50, 3, 3, Duration.ofMinutes(1), 1)), RecordingSink.LOOPS);
        AgentSessionSpec spec = spec("call-9", "ws://127.0.0.1:" + port + "/agent", null, AgentSessionSpec.ARIADNE_V1);
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(WebSocketAgentConnector.class);
        var lines = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        lines.start();
        logger.addAppender(lines);
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(guarded.connect(spec))
                    .expectErrorSatisfies(e -> assertThat(((AgentUnavailableException) e).reason())
                            .isEqualTo(AgentUnavailableException.Reason.CONNECT_FAILED))
                    .verify(WAIT);
        }
        assertThat(guarded.breaker(spec).getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(guarded.breaker(spec).getName()).isEqualTo("agent:ws://127.0.0.1:" + port + "/agent");

        // The agent is back, but the open breaker must not even try it.
        ReferenceAgent agent = agent(new ReferenceAgentConfig(
                "127.0.0.1", port, ReferenceAgentConfig.Mode.ECHO, 1000, 0.5, null, List.of(), Duration.ofSeconds(1), null));
        StepVerifier.create(guarded.connect(spec))
                .expectErrorSatisfies(e -> assertThat(((AgentUnavailableException) e).reason())
                        .isEqualTo(AgentUnavailableException.Reason.CIRCUIT_OPEN))
                .verify(WAIT);
        assertThat(agent.calls()).isEmpty();
        // Another agent URL has its own breaker.
        ReferenceAgent other = agent(ReferenceAgentConfig.defaults());
        connect(guarded, spec("call-10", other.url(), null, AgentSessionSpec.ARIADNE_V1));

        // For SREs: one ERROR when the agent's breaker opens, INFO when it tries again and when it works again.
        guarded.breaker(spec).transitionToHalfOpenState();
        guarded.breaker(spec).transitionToClosedState();
        logger.detachAppender(lines);
        String name = "agent:ws://127.0.0.1:" + port + "/agent";
        assertThat(lines.list).filteredOn(e -> e.getLevel() != ch.qos.logback.classic.Level.WARN)
                .extracting(e -> e.getLevel() + " " + e.getFormattedMessage()).containsExactly(
                        "ERROR " + name + " is failing (100 % of recent connects): calls to it get the unavailable prompt"
                                + " for 60 s, then a few are tried",
                        "INFO " + name + ": trying a few calls again",
                        "INFO " + name + " works again");
    }

    /** The default agent settings with another circuit breaker. */
    static AgentProperties withBreaker(AgentProperties.CircuitBreaker breaker) {
        AgentProperties d = AgentProperties.defaults();
        return new AgentProperties(d.connectTimeout(), d.handshakeTimeout(), d.closeTimeout(), d.maxFrameSize(),
                d.maxPendingAudioFrames(), d.maxPendingEvents(), breaker, d.deniedNetworks());
    }

    static AgentSessionSpec spec(String callId, String url, String token, String protocol) {
        return new AgentSessionSpec(
                callId,
                "tenant-1",
                URI.create(url),
                protocol,
                token,
                TRACEPARENT,
                Map.of(
                        "direction", "inbound",
                        "from", "+15550001",
                        "to", "+15550002",
                        "trunk", "trunk-a",
                        "agent", "agent-a",
                        "customParameters", Map.of("lang", "en")));
    }

    private ReferenceAgent agent(ReferenceAgentConfig config) {
        ReferenceAgent agent = ReferenceAgent.start(config);
        resources.add(agent);
        return agent;
    }

    private AgentSession connect(AgentSessionSpec spec) {
        return connect(connector, spec);
    }

    private AgentSession connect(WebSocketAgentConnector using, AgentSessionSpec spec) {
        AgentSession[] session = new AgentSession[1];
        StepVerifier.create(using.connect(spec))
                .consumeNextWith(s -> session[0] = s)
                .expectComplete()
                .verify(WAIT);
        resources.add(() -> session[0].close().block(WAIT));
        return session[0];
    }

    private static RecordedCall awaitStart(ReferenceAgent agent, String callId) {
        await().atMost(WAIT).until(() -> agent.call(callId).map(c -> c.start() != null).orElse(false));
        return agent.call(callId).orElseThrow();
    }

    @Test
    void connectsAreTimedByAgentAndOutcomeAndTheBreakerIsAGauge() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        WebSocketAgentConnector metered = new WebSocketAgentConnector(
                withBreaker(new AgentProperties.CircuitBreaker(50, 2, 2, Duration.ofMinutes(1), 1)), RecordingSink.LOOPS,
                registry);
        String url = "ws://127.0.0.1:" + port + "/agent";
        AgentSessionSpec spec = spec("call-11", url + "?token=not-a-label", null, AgentSessionSpec.ARIADNE_V1);
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(metered.connect(spec)).expectError(AgentUnavailableException.class).verify(WAIT);
        }
        var timers = registry.get("ariadne.agent.connect").tag("agent", url);
        assertThat(timers.tag("outcome", "connect_failed").timer().count()).isEqualTo(2);
        assertThat(registry.get("ariadne.agent.connect").tags("agent", url, "outcome", "circuit_open").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("ariadne.agent.circuit.state").tag("agent", url).gauge().value()).as("open").isEqualTo(2);
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().toString()).doesNotContain("not-a-label"));
    }

}
