package dev.ariadne.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on an ephemeral port (the JDK's HTTP server): records each request and answers with the next
 * scripted status (then 200), or holds every request until released ({@link #hang}).
 */
final class Receiver implements AutoCloseable {
    /** One request as it arrived. */
    record Request(Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();
    private volatile boolean hang;

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/hook", exchange -> {
            mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            try {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(new Request(Map.copyOf(exchange.getRequestHeaders()), body));
                if (hang) {
                    release.await(60, TimeUnit.SECONDS);
                }
                Integer next = script.poll();
                int status = next == null ? 200 : next;
                byte[] answer = ("answer " + status).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                open.decrementAndGet();
                exchange.close();
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next answers' statuses, in order; 200 once they are used up. */
    Receiver answering(Integer... statuses) {
        script.addAll(List.of(statuses));
        return this;
    }

    void answerOkFromNowOn() {
        script.clear();
    }

    Receiver hang() {
        hang = true;
        return this;
    }

    List<Request> requests() {
        return requests;
    }

    /** The most requests that were open at once. */
    int mostOpen() {
        return mostOpen.get();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
