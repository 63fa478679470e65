package dev.ariadne.ari;

import ch.loway.oss.ari4java.ARI;
import ch.loway.oss.ari4java.AriVersion;
import ch.loway.oss.ari4java.tools.HttpParam;
import ch.loway.oss.ari4java.tools.HttpResponse;
import ch.loway.oss.ari4java.tools.HttpResponseHandler;
import ch.loway.oss.ari4java.tools.RestException;
import ch.loway.oss.ari4java.tools.http.NettyHttpClient;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.resources.ConnectionProvider;

/**
 * Builds ari4java clients. {@code ARI.build} is avoided on purpose: it pings Asterisk synchronously,
 * and the orchestrator must start (and stay up) while Asterisk is down.
 */
final class Ari4j {

    static final AriVersion VERSION = AriVersion.ARI_10_0_0; // Asterisk 22

    private Ari4j() {}

    static ARI ari(NettyHttpClient http, AriProperties properties) {
        try {
            http.initialize(properties.url(), properties.username(), properties.password());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("ariadne.ari.url is not a URL: " + properties.url(), e);
        }
        ARI ari = new ARI();
        ari.setAppName(properties.app());
        ari.setHttpClient(http);
        ari.setWsClient(http);
        ari.setVersion(VERSION);
        return ari;
    }

    /**
     * ari4java 0.18.0 sends commands over a pool of three connections and waits for each response by parking a
     * thread ({@code CountDownLatch.await}); its asynchronous path even parks one of its own event-loop threads,
     * which can be the one that must read the response (a 30 s stall, about one command in three). Under load
     * the three connections were the limit of call setup: at 200 concurrent calls every command queued behind
     * them. This client keeps ari4java's request building and response decoding (the generated actions call
     * {@code httpActionAsync} with the path, query and body, and parse what the handler is given) but sends
     * the requests itself, with Reactor Netty over a pool of keep-alive connections: nothing waits, and as many
     * commands are in flight as Asterisk's HTTP server accepts sessions.
     */
    static final class CommandClient extends NettyHttpClient {

        private final int connections;
        private final Duration responseTimeout;
        private reactor.netty.http.client.HttpClient client;

        CommandClient(int connections, Duration responseTimeout) {
            this.connections = connections;
            this.responseTimeout = responseTimeout;
        }

        @Override
        public void initialize(String baseUrl, String username, String password) throws URISyntaxException {
            super.initialize(baseUrl, username, password);
            ConnectionProvider pool = ConnectionProvider.builder("ari-commands")
                    .maxConnections(connections)
                    .pendingAcquireMaxCount(-1) // commands wait for a connection, bounded by the response timeout
                    .maxIdleTime(Duration.ofSeconds(10)) // below Asterisk's session_keep_alive (15 s)
                    .build();
            String origin = baseUri.getScheme() + "://" + baseUri.getAuthority();
            client = reactor.netty.http.client.HttpClient.create(pool)
                    .baseUrl(origin)
                    .headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, auth))
                    .responseTimeout(responseTimeout);
        }

        @Override
        public void httpActionAsync(String uri, String method, List<HttpParam> query, String body,
                List<HttpResponse> errors, HttpResponseHandler handler, boolean binary) {
            String path = buildURL(uri, query, false);
            reactor.netty.http.client.HttpClient.RequestSender request = client
                    .headers(h -> {
                        if (body != null && !body.isEmpty()) {
                            h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
                        }
                    })
                    .request(HttpMethod.valueOf(method))
                    .uri(path);
            var sending = body == null || body.isEmpty()
                    ? request
                    : request.send(ByteBufFlux.fromString(Mono.just(body)));
            sending.responseSingle((response, content) -> content.asByteArray()
                            .defaultIfEmpty(new byte[0])
                            .map(bytes -> new Answer(response.status().code(), bytes)))
                    .subscribe(answer -> {
                        handler.onResponseReceived();
                        if (answer.status() / 100 == 2) {
                            if (binary) {
                                handler.onSuccess(answer.body());
                            } else {
                                handler.onSuccess(new String(answer.body(), StandardCharsets.UTF_8));
                            }
                        } else {
                            handler.onFailure(failure(answer, errors));
                        }
                    }, error -> handler.onFailure(new RestException(error)));
        }

        // As ari4java words it: the description Asterisk's API documents for the status, else the body.
        private static RestException failure(Answer answer, List<HttpResponse> errors) {
            String text = new String(answer.body(), StandardCharsets.UTF_8);
            if (errors != null) {
                for (HttpResponse documented : errors) {
                    if (documented.getCode() == answer.status()) {
                        return new RestException(documented.getDescription(), text, answer.status());
                    }
                }
            }
            return new RestException(text, answer.status());
        }

        private record Answer(int status, byte[] body) {}
    }

    /**
     * NettyHttpClient hands every WebSocket frame to a random thread of its three-thread group, so
     * two events close together can overtake each other (StasisEnd before ChannelHangupRequest).
     * This subclass delivers each frame's text on the socket's own event loop, in arrival order, to
     * {@code events} ({@link AriEventJson} decodes it; ari4java's models lack fields Asterisk 22 sends).
     * Connection state and failures still reach ari4java's callback.
     */
    static final class OrderedEventsClient extends NettyHttpClient {
        private final java.util.function.Consumer<String> events;

        OrderedEventsClient(java.util.function.Consumer<String> events) {
            this.events = events;
        }

        @Override
        public void onWSSuccess(String text) {
            events.accept(text);
        }
    }
}
