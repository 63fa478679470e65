package dev.ariadne.ai;

import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

/** A WebSocket server that sends fixed text messages (good or bad) after the first one it receives. */
final class RawAgentServer implements AutoCloseable {

    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final DisposableServer server;

    RawAgentServer(List<String> toSend) {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((req, res) -> res.sendWebsocket(
                        (in, out) -> {
                            Flux<String> texts = in.aggregateFrames()
                                    .receiveFrames()
                                    .ofType(TextWebSocketFrame.class)
                                    .map(TextWebSocketFrame::text)
                                    .doOnNext(received::add)
                                    .share();
                            return Mono.when(
                                    texts.then(),
                                    out.sendString(texts.take(1).thenMany(Flux.fromIterable(toSend)))
                                            .then()
                                            .then(Mono.never()));
                        },
                        WebsocketServerSpec.builder().protocols("ariadne.v1").build()))
                .bindNow();
    }

    String url() {
        return "ws://127.0.0.1:" + server.port() + "/agent";
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
