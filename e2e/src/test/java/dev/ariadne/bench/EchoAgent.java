package dev.ariadne.bench;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

// The benchmark's agent: a Reactor Netty WebSocket server that echoes every binary frame at once. On the way it
// records the caller->agent latency (generator send -> agent receive) and stamps its own send time into the
// frame, so the generator can time the agent->caller direction on its own.
final class EchoAgent implements AutoCloseable {

    private final DisposableServer server;
    private final AtomicLong connections = new AtomicLong();
    private volatile Window window = Window.NONE;
    private volatile Histogram upLatency = new Histogram(Long.MAX_VALUE);
    private final AtomicLong received = new AtomicLong();

    EchoAgent() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.ws(
                        "/echo",
                        (in, out) -> {
                            connections.incrementAndGet();
                            // Not filter(): Reactor Netty releases discarded frames, and FluxReceive releases them too.
                            Flux<WebSocketFrame> echo = in.receiveFrames()
                                    .concatMap(f -> f instanceof BinaryWebSocketFrame
                                            ? Mono.just(echo(f.content()))
                                            : Mono.empty());
                            return out.sendObject(echo).then();
                        },
                        WebsocketServerSpec.builder().protocols("ariadne.v1").build()))
                .bindNow();
    }

    private WebSocketFrame echo(ByteBuf in) {
        long now = System.nanoTime();
        ByteBuf copy = in.copy();
        if (copy.readableBytes() >= 24 && copy.getShortLE(copy.readerIndex()) == BenchFrame.MAGIC) {
            long k = BenchFrame.readLe(copy, BenchFrame.INDEX, 2);
            if (window.contains(k)) {
                received.incrementAndGet();
                upLatency.record(now - BenchFrame.readLe(copy, BenchFrame.GENERATOR_SENT, 4));
            }
            BenchFrame.writeLe(copy, BenchFrame.AGENT_SENT, 4, System.nanoTime());
        }
        return new BinaryWebSocketFrame(copy);
    }

    String url() {
        return "ws://127.0.0.1:" + server.port() + "/echo";
    }

    /** Starts counting the frames of this window afresh. */
    void window(Window w, long lateNanos) {
        upLatency = new Histogram(lateNanos);
        received.set(0);
        window = w;
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
        server.disposeNow();
    }

    /** Frame indexes [first, end) whose frames are measured. */
    record Window(long first, long end) {
        static final Window NONE = new Window(0, 0);

        boolean contains(long k) {
            return k >= first && k < end;
        }
    }
}
