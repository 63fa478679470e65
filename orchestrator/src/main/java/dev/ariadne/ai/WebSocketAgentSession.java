package dev.ariadne.ai;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * An {@link AgentSession} on a Netty WebSocket client channel, speaking one {@link AgentWire}: the last handler
 * of the connection's pipeline. State is confined to the channel's event loop; methods called from other
 * threads are handed to it. Counters other threads read are volatile, written on the loop only.
 */
final class WebSocketAgentSession extends ChannelInboundHandlerAdapter implements AgentSession {

    private static final Logger log = LoggerFactory.getLogger(WebSocketAgentSession.class);

    private record Close(int code, String reason) {}

    private final AgentSessionSpec spec;
    private final AgentWire wire;
    private final AgentProperties properties;
    private final EventLoop loop;
    private final Sinks.One<AgentSession> opened = Sinks.one();
    private final Sinks.Many<AgentEvent> events;
    private final Sinks.Empty<Void> terminated = Sinks.empty();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile long droppedAudio;
    private volatile long droppedEvents;
    private volatile String closeReason;

    // Event loop only.
    private Channel channel;
    private boolean open;
    private boolean started; // the opening messages were sent
    private Close localClose;
    private Close remoteClose;
    private AudioSink sink;
    private final ArrayDeque<Object> early = new ArrayDeque<>(); // ByteBuf, Clear or Mark before start()
    private final ArrayDeque<WebSocketFrame> backlog = new ArrayDeque<>(); // audio while the socket is full

    WebSocketAgentSession(AgentSessionSpec spec, AgentWire wire, AgentProperties properties, EventLoop loop) {
        this.spec = spec;
        this.wire = wire;
        this.properties = properties;
        this.loop = loop;
        this.events = Sinks.many().unicast()
                .onBackpressureBuffer(Queues.<AgentEvent>get(properties.maxPendingEvents()).get());
    }

    /** Completes with this session once the handshake is done and the opening messages are written. */
    Mono<AgentSession> opened() {
        return opened.asMono();
    }

    /** The connection failed before the handshake completed. */
    void failOpen(Throwable error) {
        opened.tryEmitError(error);
    }

    // ---- inbound (event loop) ----

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            channel = ctx.channel();
            open = true;
            if (spec.startOnOpen()) {
                writeOpening(spec.start());
            }
            log.info("call {} agent session open: {} ({}{})", spec.callId(), AgentUrls.redacted(spec.url()),
                    spec.protocol(), spec.startOnOpen() ? "" : ", start when the call is up");
            if (opened.tryEmitValue(this).isFailure()) {
                ctx.close(); // nobody waits any more (handshake timeout)
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof BinaryWebSocketFrame binary) {
                onBinary(binary.content());
            } else if (msg instanceof TextWebSocketFrame text) {
                route(wire.text(text.text()));
            } else if (msg instanceof CloseWebSocketFrame close) {
                onRemoteClose(ctx, close);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onBinary(ByteBuf content) {
        if (!wire.binaryAudio()) {
            route(wire.binary(ByteBufUtil.getBytes(content)));
        } else if ((content.readableBytes() & 1) != 0) {
            route(new AgentEvent.Malformed("audio frame of odd length " + content.readableBytes()));
        } else {
            toSink(content);
        }
    }

    private void route(AgentEvent event) {
        switch (event) {
            case AgentEvent.Audio audio -> toSink(Unpooled.wrappedBuffer(audio.pcmLe()));
            case AgentEvent.Clear clear -> toSink(clear);
            case AgentEvent.Mark mark -> toSink(mark);
            case AgentEvent.Malformed malformed -> {
                log.warn("call {} agent sent a malformed message: {}", spec.callId(), malformed.reason());
                Object reply = wire.error(malformed.reason());
                if (reply != null) {
                    sendText(reply);
                }
                emitEvent(event);
            }
            default -> {
                log.info("call {} agent event {}", spec.callId(), event);
                emitEvent(event);
            }
        }
    }

    private void toSink(Object item) {
        AudioSink s = sink;
        if (s != null) {
            deliver(s, item);
            return;
        }
        if (early.size() == properties.maxPendingEvents()) {
            ReferenceCountUtil.release(early.pollFirst());
            droppedEvents++;
        }
        early.addLast(item instanceof ByteBuf audio ? Unpooled.copiedBuffer(audio) : item);
    }

    private static void deliver(AudioSink s, Object item) {
        switch (item) {
            case ByteBuf audio -> s.audio(audio);
            case AgentEvent.Clear c -> s.clear();
            case AgentEvent.Mark m -> s.mark(m.name());
            default -> throw new IllegalStateException("not an audio item: " + item);
        }
    }

    private void onRemoteClose(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
        remoteClose = new Close(close.statusCode(), close.reasonText());
        if (localClose == null) {
            // Echo the agent's close (RFC 6455 5.5.1), then drop the connection.
            ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), close.reasonText()))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        Channel ch = ctx.channel();
        boolean wrote = false;
        while (ch.isWritable() && !backlog.isEmpty()) {
            ch.write(backlog.pollFirst(), ch.voidPromise());
            wrote = true;
        }
        if (wrote) {
            ch.flush();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!open) {
            failOpen(cause);
        } else if (!(cause instanceof ClosedChannelException)) {
            log.warn("call {} agent connection failed: {}", spec.callId(), cause.toString());
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!open) {
            failOpen(new ClosedChannelException());
        }
        finish();
        super.channelInactive(ctx);
    }

    private void writeOpening(java.util.Map<String, Object> details) {
        started = true;
        for (Object message : wire.opening(details)) {
            channel.write(new TextWebSocketFrame((String) message), channel.voidPromise());
        }
        channel.flush();
    }

    // ---- the AgentSession side ----

    @Override
    public void sendStart(java.util.Map<String, Object> details) {
        java.util.Map<String, Object> merged = new java.util.LinkedHashMap<>(details);
        spec.start().forEach(merged::putIfAbsent);
        onLoop(() -> {
            if (!started && channel != null && channel.isActive() && localClose == null) {
                writeOpening(merged);
            }
        });
    }

    @Override
    public void start(AudioSink audioSink) {
        onLoop(() -> {
            if (sink != null) {
                throw new IllegalStateException("agent session " + spec.callId() + " already started");
            }
            sink = audioSink;
            Object item;
            while ((item = early.pollFirst()) != null) {
                try {
                    deliver(audioSink, item);
                } finally {
                    ReferenceCountUtil.release(item);
                }
            }
        });
    }

    @Override
    public Flux<AgentEvent> events() {
        return events.asFlux();
    }

    @Override
    public void sendAudio(ByteBuf frameLe) {
        if (!loop.inEventLoop()) {
            try {
                loop.execute(() -> sendAudio(frameLe));
            } catch (RejectedExecutionException e) {
                frameLe.release();
                droppedAudio++;
            }
            return;
        }
        Channel ch = channel;
        if (ch == null || localClose != null || finished.get()) {
            frameLe.release();
            droppedAudio++;
            return;
        }
        WebSocketFrame frame;
        if (wire.binaryAudio()) {
            frame = new BinaryWebSocketFrame(frameLe);
        } else {
            try {
                frame = new TextWebSocketFrame((String) wire.audio(ByteBufUtil.getBytes(frameLe)));
            } finally {
                frameLe.release();
            }
        }
        if (backlog.isEmpty() && ch.isWritable()) {
            ch.writeAndFlush(frame, ch.voidPromise());
            return;
        }
        // The agent does not keep up: keep the newest audio, drop the oldest.
        backlog.addLast(frame);
        if (backlog.size() > properties.maxPendingAudioFrames()) {
            backlog.pollFirst().release();
            droppedAudio++;
        }
    }

    @Override
    public void sendDtmf(String digit) {
        onLoop(() -> sendText(wire.dtmf(digit)));
    }

    @Override
    public void sendMarkPlayed(String name) {
        onLoop(() -> sendText(wire.markPlayed(name)));
    }

    @Override
    public Mono<Void> stop(String reason, String cause) {
        return Mono.defer(() -> {
            onLoop(() -> {
                if (started && localClose == null && !finished.get()) {
                    sendText(wire.stop(reason, cause));
                }
                requestClose(1000, reason);
            });
            return terminated.asMono();
        });
    }

    @Override
    public Mono<Void> close() {
        return Mono.defer(() -> {
            onLoop(() -> requestClose(1000, "normal"));
            return terminated.asMono();
        });
    }

    @Override
    public String closeReason() {
        return closeReason;
    }

    @Override
    public long droppedAudioFrames() {
        return droppedAudio;
    }

    private void sendText(Object message) {
        Channel ch = channel;
        if (ch != null && ch.isActive() && localClose == null) {
            ch.writeAndFlush(new TextWebSocketFrame((String) message), ch.voidPromise());
        }
    }

    // Sends our close frame and waits for the agent's, at most closeTimeout, before dropping the connection.
    private void requestClose(int code, String reason) {
        if (localClose != null || finished.get()) {
            return;
        }
        localClose = new Close(code, reason);
        log.info("call {} closing agent session: {}", spec.callId(), reason);
        releaseBacklog();
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            if (ch != null) {
                ch.close();
            }
            return;
        }
        if (remoteClose != null) {
            ch.close();
            return;
        }
        ch.writeAndFlush(new CloseWebSocketFrame(code, reason));
        loop.schedule(() -> {
            ch.close();
        }, properties.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        Close remote = remoteClose;
        Close local = localClose;
        AgentEvent.Closed closed;
        if (remote != null && local == null) {
            closed = new AgentEvent.Closed(remote.code(), remote.reason());
            closeReason = "agent closed: " + remote.code() + " " + remote.reason();
        } else if (local != null) {
            closed = new AgentEvent.Closed(local.code(), local.reason());
            closeReason = local.reason();
        } else {
            closed = new AgentEvent.Closed(1006, "connection lost");
            closeReason = "connection lost";
        }
        releaseBacklog();
        Object item;
        while ((item = early.pollFirst()) != null) {
            ReferenceCountUtil.release(item);
        }
        log.info("call {} agent session closed: {} (dropped audio frames {}, events {})",
                spec.callId(), closeReason, droppedAudio, droppedEvents);
        emitEvent(closed);
        events.tryEmitComplete();
        terminated.tryEmitEmpty();
    }

    private void releaseBacklog() {
        WebSocketFrame frame;
        while ((frame = backlog.pollFirst()) != null) {
            frame.release();
            droppedAudio++;
        }
    }

    private void emitEvent(AgentEvent event) {
        if (events.tryEmitNext(event).isFailure() && !(event instanceof AgentEvent.Closed)) {
            droppedEvents++;
        }
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException e) {
                log.debug("call {} agent session: event loop shut down", spec.callId());
            }
        }
    }
}
