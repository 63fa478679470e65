package dev.ariadne.ami;

import dev.ariadne.io.IoLoops;
import dev.ariadne.telemetry.OutageLog;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;

/**
 * A small client of Asterisk's manager interface: one TCP connection, logged in with {@code Events: system},
 * kept up with backoff (one WARN per failed attempt, via {@link OutageLog}). {@link #action} sends an action and
 * collects its answer, including the events of an event list up to its {@code EventList: Complete};
 * {@link #events()} carries the unsolicited events (Registry, ContactStatus, ...). Raw Netty on the loop it is
 * given (the control loop, away from the media loops: a long answer is parsed there); nothing blocks.
 */
public final class AmiClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AmiClient.class);
    private final AmiProperties props;
    private final IoLoops loops;
    private final EventLoop loop;
    private final OutageLog outage;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Sinks.Many<AmiMessage> events = Sinks.many().multicast().directBestEffort();
    private volatile Channel channel;
    private volatile boolean loggedIn;
    private volatile boolean closed;
    private Duration backoff;

    public AmiClient(AmiProperties props, IoLoops loops) {
        this.props = props;
        this.loops = loops;
        this.loop = loops.next();
        this.backoff = props.reconnectMinBackoff();
        this.outage = new OutageLog(log, "AMI at " + props.host() + ":" + props.port(), Duration.ofSeconds(60),
                Clock.systemUTC());
    }

    /** Connects, and keeps reconnecting until {@link #close()}. */
    public void start() {
        loop.execute(this::connect);
    }

    public boolean connected() {
        return loggedIn;
    }

    /** Unsolicited events, for as long as one subscribes; none are buffered. */
    public Flux<AmiMessage> events() {
        return events.asFlux();
    }

    /**
     * Sends an action and answers its response followed by its list's events (without the list's closing event).
     * Fails with {@link AmiException} when AMI is not connected, the action is refused ({@code Response: Error},
     * with its message), or the answer does not complete within the action timeout.
     */
    public Mono<List<AmiMessage>> action(String action, Map<String, String> params) {
        return Mono.<List<AmiMessage>>create(sink -> {
            Channel ch = channel;
            if (ch == null || !loggedIn) {
                sink.error(new AmiException("AMI is not connected"));
                return;
            }
            String id = Long.toString(ids.incrementAndGet());
            pending.put(id, new Pending(sink, new ArrayList<>()));
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("Action", action);
            fields.put("ActionID", id);
            fields.putAll(params);
            ch.writeAndFlush(encode(fields)).addListener(f -> {
                if (!f.isSuccess()) {
                    fail(id, new AmiException("AMI write failed: " + f.cause().getMessage()));
                }
            });
            sink.onDispose(() -> pending.remove(id));
        }).timeout(props.actionTimeout(), Mono.error(() -> new AmiException(
                "AMI action " + action + " got no complete answer within " + props.actionTimeout().toMillis() + " ms",
                new TimeoutException())));
    }

    private void connect() {
        if (closed) {
            return;
        }
        new Bootstrap().group(loop).channel(loops.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new Framer(), new SimpleChannelInboundHandler<String>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, String block) {
                                received(ctx.channel(), block);
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                lost(ctx.channel(), "connection closed");
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                                lost(ctx.channel(), String.valueOf(cause.getMessage()));
                            }
                        });
                    }
                })
                .connect(props.host(), props.port()).addListener(f -> {
                    io.netty.channel.ChannelFuture cf = (io.netty.channel.ChannelFuture) f;
                    if (!cf.isSuccess()) {
                        retry(String.valueOf(cf.cause().getMessage()));
                        return;
                    }
                    channel = cf.channel();
                    Map<String, String> login = new LinkedHashMap<>();
                    login.put("Action", "Login");
                    login.put("ActionID", "login");
                    login.put("Username", props.username());
                    login.put("Secret", props.password());
                    login.put("Events", "system");
                    cf.channel().writeAndFlush(encode(login));
                });
    }

    private void received(Channel ch, String block) {
        AmiMessage m = AmiMessage.parse(block);
        String id = m.get("ActionID");
        if ("login".equals(id)) {
            if ("Success".equalsIgnoreCase(m.get("Response"))) {
                loggedIn = true;
                backoff = props.reconnectMinBackoff();
                outage.recovered();
                log.info("AMI connected to {}:{}", props.host(), props.port());
            } else {
                ch.close(); // lost() retries, logging the reason
                lastRefusal = m.get("Message");
            }
            return;
        }
        Pending p = id == null ? null : pending.get(id);
        if (p == null) {
            if (m.isEvent()) {
                events.tryEmitNext(m);
            }
            return;
        }
        if (m.isEvent()) {
            if ("Complete".equalsIgnoreCase(m.get("EventList"))) {
                complete(id);
            } else {
                p.messages.add(m);
            }
            return;
        }
        if ("Error".equalsIgnoreCase(m.get("Response"))) {
            fail(id, new AmiException(m.get("Message") == null ? "refused" : m.get("Message")));
            return;
        }
        p.messages.add(m);
        if (!"start".equalsIgnoreCase(m.get("EventList"))) {
            complete(id);
        }
    }

    private volatile String lastRefusal;

    private void complete(String id) {
        Pending p = pending.remove(id);
        if (p != null) {
            p.sink.success(List.copyOf(p.messages));
        }
    }

    private void fail(String id, Throwable e) {
        Pending p = pending.remove(id);
        if (p != null) {
            p.sink.error(e);
        }
    }

    private void lost(Channel ch, String reason) {
        if (channel != ch) {
            return;
        }
        channel = null;
        boolean was = loggedIn;
        loggedIn = false;
        for (String id : List.copyOf(pending.keySet())) {
            fail(id, new AmiException("AMI connection lost: " + reason));
        }
        String refusal = lastRefusal;
        lastRefusal = null;
        retry(refusal != null ? "login refused: " + refusal : was ? "connection lost: " + reason : reason);
    }

    private void retry(String reason) {
        if (closed) {
            return;
        }
        Duration wait = backoff;
        outage.failed(reason, wait);
        Duration next = backoff.multipliedBy(2);
        backoff = next.compareTo(props.reconnectMaxBackoff()) > 0 ? props.reconnectMaxBackoff() : next;
        loop.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ByteBuf encode(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(k).append(": ").append(v.replace("\r", "").replace("\n", "")).append("\r\n"));
        return Unpooled.copiedBuffer(b.append("\r\n"), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closed = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    private record Pending(MonoSink<List<AmiMessage>> sink, List<AmiMessage> messages) {}

    /** Splits AMI's stream: the banner line, then blocks of lines ending with an empty line. */
    static final class Framer extends ByteToMessageDecoder {
        private static final int MAX = 256 * 1024;
        private boolean banner = true;

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (true) {
                int end = find(in, banner ? 2 : 4);
                if (end < 0) {
                    if (in.readableBytes() > MAX) {
                        throw new io.netty.handler.codec.TooLongFrameException("AMI message over 256 KiB");
                    }
                    return;
                }
                int len = end - in.readerIndex();
                String text = in.toString(in.readerIndex(), len, StandardCharsets.UTF_8);
                in.skipBytes(len + (banner ? 2 : 4));
                if (banner) {
                    banner = false; // "Asterisk Call Manager/x.y.z"
                } else if (!text.isBlank()) {
                    out.add(text);
                }
            }
        }

        /** Index of the first CRLF (n = 2) or CRLFCRLF (n = 4). */
        private static int find(ByteBuf in, int n) {
            for (int i = in.readerIndex(); i + n - 1 < in.writerIndex(); i++) {
                if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n'
                        && (n == 2 || in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n')) {
                    return i;
                }
            }
            return -1;
        }
    }
}
