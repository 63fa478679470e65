package dev.ariadne.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

// The benchmark's agent: a Netty WebSocket server that answers every binary frame at once with one frame
// of its own. On the way it records the caller->agent latency (generator send -> agent receive). Its answer
// carries only its frame number (see BenchFrame); the agent logs each number's send time, and the generator, in
// this same JVM (one System.nanoTime clock), matches the packets that come back against that log.
final class EchoAgent implements AutoCloseable {

    /** What the agent sent on one call, by agent frame number. Written by one event loop, read after {@link #count}. */
    static final class CallLog {
        final long[] agentSent;
        final long[] generatorSent;
        final int[] generatorFrame;
        private volatile int count;

        CallLog(int capacity) {
            agentSent = new long[capacity];
            generatorSent = new long[capacity];
            generatorFrame = new int[capacity];
        }

        /** Frames logged so far; read this first, then the arrays below it. */
        int count() {
            return count;
        }

        void log(int number, long k, long generatorSentNanos, long agentSentNanos) {
            if (number < agentSent.length) {
                agentSent[number] = agentSentNanos;
                generatorSent[number] = generatorSentNanos;
                generatorFrame[number] = (int) k;
                count = number + 1; // volatile write last: publishes the entries above
            }
        }
    }

    // One WebSocket connection (= one call); touched only by its event loop.
    private static final class Connection {
        int call = -1;
        int next;
    }

    private volatile CallLog[] calls = new CallLog[0];

    private final EventLoopGroup group;
    private final Channel channel;
    private final AtomicLong connections = new AtomicLong();
    private volatile Window window = Window.NONE;
    private volatile Histogram upLatency = new Histogram(Long.MAX_VALUE);
    private final AtomicLong received = new AtomicLong();

    EchoAgent() {
        // Plain Netty, one event loop: the agent is part of the load generator, and every cycle it spends is
        // taken from the two cores the orchestrator under test shares with it.
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        channel = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Connection connection = new Connection();
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler("/echo", "ariadne.v1"),
                                new SimpleChannelInboundHandler<BinaryWebSocketFrame>() {
                                    @Override
                                    public void handlerAdded(ChannelHandlerContext ctx) {
                                        connections.incrementAndGet();
                                    }

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, BinaryWebSocketFrame f) {
                                        ctx.writeAndFlush(echo(connection, f.content()), ctx.voidPromise());
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0)
                .syncUninterruptibly()
                .channel();
    }

    private WebSocketFrame echo(Connection connection, ByteBuf in) {
        long now = System.nanoTime();
        if (in.readableBytes() < 24 || in.getShortLE(in.readerIndex()) != BenchFrame.MAGIC) {
            return new BinaryWebSocketFrame(in.copy());
        }
        if (connection.call < 0) {
            connection.call = in.getUnsignedShortLE(in.readerIndex() + 2 * BenchFrame.CALL);
        }
        long k = BenchFrame.readLe(in, BenchFrame.INDEX, 2);
        long generatorSent = BenchFrame.readLe(in, BenchFrame.GENERATOR_SENT, 4);
        if (window.contains(k)) {
            received.incrementAndGet();
            upLatency.record(now - generatorSent);
        }
        int number = connection.next++;
        ByteBuf out = in.alloc().buffer(in.readableBytes());
        BenchFrame.writeAgentCode(out, number);
        CallLog[] logs = calls;
        if (connection.call < logs.length) {
            logs[connection.call].log(number, k, generatorSent, System.nanoTime());
        }
        return new BinaryWebSocketFrame(out);
    }

    String url() {
        return "ws://127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort() + "/echo";
    }

    /** Starts counting the frames of this window afresh, for calls 0 .. {@code n - 1}; before the first is sent. */
    void window(Window w, long lateNanos, int n) {
        upLatency = new Histogram(lateNanos);
        received.set(0);
        // An agent frame answers a generator frame, so its number is at most that frame's k < w.end().
        CallLog[] logs = new CallLog[n];
        for (int i = 0; i < n; i++) {
            logs[i] = new CallLog((int) w.end());
        }
        calls = logs;
        window = w;
    }

    CallLog call(int i) {
        return calls[i];
    }

    Histogram upLatency() {
        return upLatency;
    }

    long received() {
        return received.get();
    }

    long connections() {
        return connections.get();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Frame indexes [first, end) whose frames are measured. */
    record Window(long first, long end) {
        static final Window NONE = new Window(0, 0);

        boolean contains(long k) {
            return k >= first && k < end;
        }
    }
}
