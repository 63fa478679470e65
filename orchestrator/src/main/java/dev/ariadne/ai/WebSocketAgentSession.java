package dev.ariadne.ai;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.util.concurrent.Queues;

/** An {@link AgentSession} over a Reactor Netty WebSocket connection, speaking one {@link AgentWire}. */
final class WebSocketAgentSession implements AgentSession {

    private static final Logger log = LoggerFactory.getLogger(WebSocketAgentSession.class);

    private record Close(int code, String reason) {}

    private final AgentSessionSpec spec;
    private final AgentWire wire;
    private final AgentProperties properties;
    private final Sinks.Many<AgentEvent> events;
    private final Sinks.Many<Object> outbound = Sinks.many().unicast().onBackpressureBuffer(Queues.unboundedMultiproducer().get());
    private final Sinks.Empty<Void> closing = Sinks.empty();
    private final Sinks.Empty<Void> terminated = Sinks.empty();
    private final AtomicInteger pendingAudio = new AtomicInteger();
    private final AtomicLong droppedAudio = new AtomicLong();
    private final AtomicLong droppedEvents = new AtomicLong();
    private final AtomicReference<Close> localClose = new AtomicReference<>();
    private final AtomicReference<WebSocketCloseStatus> remoteClose = new AtomicReference<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile String closeReason;

    WebSocketAgentSession(AgentSessionSpec spec, AgentWire wire, AgentProperties properties) {
        this.spec = spec;
        this.wire = wire;
        this.properties = properties;
        this.events = Sinks.many().unicast().onBackpressureBuffer(Queues.<AgentEvent>get(properties.maxPendingEvents()).get());
    }

    /** Runs the connection until it ends; the returned Mono completes when both directions are done. */
    Mono<Void> run(WebsocketInbound in, WebsocketOutbound out) {
        in.receiveCloseStatus().subscribe(remoteClose::set);
        wire.opening().forEach(this::emitOut);
        Mono<Void> receive = in.aggregateFrames(properties.maxFrameSize())
                .receiveFrames()
                .doOnNext(this::onFrame)
                .then()
                .or(closing.asMono().then(Mono.delay(properties.closeTimeout())).then())
                .doFinally(signal -> completeOutbound());
        Mono<Void> send = out.sendObject(outbound.asFlux().map(this::toFrame))
                .then()
                .then(Mono.defer(() -> {
                    Close close = localClose.get();
                    return close == null ? Mono.empty() : out.sendClose(close.code(), close.reason());
                }))
                .onErrorResume(e -> Mono.empty());
        return Mono.when(receive, send)
                .doOnError(e -> log.warn("call {} agent connection failed: {}", spec.callId(), e.toString()))
                .onErrorResume(e -> Mono.empty())
                .doFinally(signal -> finish());
    }

    @Override
    public Flux<AgentEvent> events() {
        return events.asFlux();
    }

    @Override
    public void sendAudio(byte[] frameLe) {
        if (finished.get() || localClose.get() != null || pendingAudio.get() >= properties.maxPendingAudioFrames()) {
            droppedAudio.incrementAndGet();
            return;
        }
        pendingAudio.incrementAndGet();
        if (!emitOut(new PendingAudio(wire.audio(frameLe)))) {
            pendingAudio.decrementAndGet();
            droppedAudio.incrementAndGet();
        }
    }

    @Override
    public void sendDtmf(String digit) {
        emitOut(wire.dtmf(digit));
    }

    @Override
    public void sendMarkPlayed(String name) {
        emitOut(wire.markPlayed(name));
    }

    @Override
    public Mono<Void> stop(String reason, String cause) {
        return Mono.defer(() -> {
            if (localClose.get() == null && !finished.get()) {
                emitOut(wire.stop(reason, cause));
            }
            requestClose(1000, reason);
            return terminated.asMono();
        });
    }

    @Override
    public Mono<Void> close() {
        return Mono.defer(() -> {
            requestClose(1000, "normal");
            return terminated.asMono();
        });
    }

    @Override
    public String closeReason() {
        return closeReason;
    }

    @Override
    public long droppedAudioFrames() {
        return droppedAudio.get();
    }

    /** The connection failed before or while it ran, without the run Mono seeing it. */
    void fail(Throwable error) {
        log.warn("call {} agent connection error: {}", spec.callId(), error.toString());
        finish();
    }

    private void requestClose(int code, String reason) {
        if (localClose.compareAndSet(null, new Close(code, reason))) {
            log.info("call {} closing agent session: {}", spec.callId(), reason);
            closing.tryEmitEmpty();
            completeOutbound();
        }
    }

    private void onFrame(WebSocketFrame frame) {
        AgentEvent event;
        if (frame instanceof BinaryWebSocketFrame) {
            event = wire.binary(ByteBufUtil.getBytes(frame.content()));
        } else if (frame instanceof TextWebSocketFrame text) {
            event = wire.text(text.text());
        } else {
            return;
        }
        if (event instanceof AgentEvent.Malformed malformed) {
            log.warn("call {} agent sent a malformed message: {}", spec.callId(), malformed.reason());
            Object reply = wire.error(malformed.reason());
            if (reply != null) {
                emitOut(reply);
            }
        } else if (!(event instanceof AgentEvent.Audio)) {
            log.info("call {} agent event {}", spec.callId(), event);
        }
        emitEvent(event);
    }

    private void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        WebSocketCloseStatus remote = remoteClose.get();
        Close local = localClose.get();
        AgentEvent.Closed closed;
        if (remote != null && local == null) {
            closed = new AgentEvent.Closed(remote.code(), remote.reasonText());
            closeReason = "agent closed: " + remote.code() + " " + remote.reasonText();
        } else if (local != null) {
            closed = new AgentEvent.Closed(local.code(), local.reason());
            closeReason = local.reason();
        } else {
            closed = new AgentEvent.Closed(1006, "connection lost");
            closeReason = "connection lost";
        }
        log.info("call {} agent session closed: {} (dropped audio frames {}, events {})",
                spec.callId(), closeReason, droppedAudio.get(), droppedEvents.get());
        emitEvent(closed);
        synchronized (events) {
            events.tryEmitComplete();
        }
        completeOutbound();
        terminated.tryEmitEmpty();
    }

    private void emitEvent(AgentEvent event) {
        Sinks.EmitResult result;
        synchronized (events) {
            result = events.tryEmitNext(event);
        }
        if (result.isFailure() && !(event instanceof AgentEvent.Closed)) {
            droppedEvents.incrementAndGet();
        }
    }

    private boolean emitOut(Object item) {
        synchronized (outbound) {
            return outbound.tryEmitNext(item).isSuccess();
        }
    }

    private void completeOutbound() {
        synchronized (outbound) {
            outbound.tryEmitComplete();
        }
    }

    private WebSocketFrame toFrame(Object item) {
        if (item instanceof PendingAudio audio) {
            pendingAudio.decrementAndGet();
            item = audio.item();
        }
        return item instanceof byte[] bytes
                ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes))
                : new TextWebSocketFrame((String) item);
    }

    /** Marks queued audio so the bound on pending audio only counts audio. */
    private record PendingAudio(Object item) {}
}
