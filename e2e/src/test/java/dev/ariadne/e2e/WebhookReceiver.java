package dev.ariadne.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A tenant's webhook endpoint in the test JVM (the JDK's HTTP server) on a fixed local port, which can be stopped
 * (connections refused) and started again on the same port. Keeps every request it answered with 200.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One POST as it arrived. */
    record Received(String eventId, String eventType, String signature, String body) {}

    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    WebhookReceiver() throws IOException {
        start(0);
        this.port = server.getAddress().getPort();
    }

    private void start(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/hooks/ariadne", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            received.add(new Received(h.getFirst("Ariadne-Event-Id"), h.getFirst("Ariadne-Event-Type"),
                    h.getFirst("Ariadne-Signature"), new String(body, StandardCharsets.UTF_8)));
            byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hooks/ariadne";
    }

    List<Received> received() {
        return received;
    }

    /** Down: the port refuses connections. */
    void stop() {
        server.stop(0);
    }

    /** Up again on the same port. */
    void restart() throws IOException {
        start(port);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
