package dev.ariadne.agent.reference;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/** A bare WebSocket client standing in for the orchestrator. */
final class WsTestClient implements AutoCloseable {

    final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final Sinks.Many<Object> out = Sinks.many().unicast().onBackpressureBuffer();
    private final Disposable connection;

    WsTestClient(String url, String token, String callId) {
        connection = HttpClient.create()
                .headers(h -> {
                    if (token != null) {
                        h.set("Authorization", "Bearer " + token);
                    }
                    h.set("X-Ariadne-Call-Id", callId);
                })
                .websocket(WebsocketClientSpec.builder().protocols("ariadne.v1").build())
                .uri(url)
                .handle((in, o) -> {
                    connected.complete(null);
                    in.receiveCloseStatus().subscribe(s -> closeCode.complete(s.code()));
                    Mono<Void> receive = in.aggregateFrames()
                            .receiveFrames()
                            .doOnNext(f -> received.add(
                                    f instanceof TextWebSocketFrame t ? t.text() : ByteBufUtil.getBytes(f.content())))
                            .then();
                    Mono<Void> send = o.sendObject(out.asFlux()
                                    .map(item -> item instanceof byte[] b
                                            ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(b))
                                            : new TextWebSocketFrame((String) item)))
                            .then();
                    return Mono.when(receive, send);
                })
                .doOnError(connected::completeExceptionally)
                .subscribe(v -> {}, e -> closeCode.completeExceptionally(e), () -> closeCode.complete(-1));
    }

    synchronized void send(Object textOrBytes) {
        out.tryEmitNext(textOrBytes);
    }

    Object poll(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next text message, skipping audio; null on timeout. */
    String nextText(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Object item = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (item instanceof String text) {
                return text;
            }
        }
        return null;
    }

    @Override
    public synchronized void close() {
        out.tryEmitComplete();
        connection.dispose();
    }
}
