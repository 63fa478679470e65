package dev.ariadne.ari;

import ch.loway.oss.ari4java.ARI;
import ch.loway.oss.ari4java.AriVersion;
import ch.loway.oss.ari4java.tools.HttpParam;
import ch.loway.oss.ari4java.tools.HttpResponse;
import ch.loway.oss.ari4java.tools.HttpResponseHandler;
import ch.loway.oss.ari4java.tools.RestException;
import ch.loway.oss.ari4java.tools.http.NettyHttpClient;
import java.net.URISyntaxException;
import java.util.List;
import reactor.core.scheduler.Schedulers;

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
     * ari4java 0.18.0's asynchronous path writes the request, then parks a task on a random thread
     * of its own three-thread event-loop group in {@code CountDownLatch.await(30 s)} until the
     * response is read. When that thread is the one serving the request's socket, the response can
     * never be read: the command stalls for the full 30 s and fails (seen in tests, about one call in
     * three). This client keeps ari4java's callback contract but does the waiting on Reactor's
     * bounded-elastic scheduler, which exists for blocking work, so neither Reactor's nor ari4java's
     * event loops ever wait.
     */
    static final class CommandClient extends NettyHttpClient {
        @Override
        public void httpActionAsync(String uri, String method, List<HttpParam> query, String body,
                List<HttpResponse> errors, HttpResponseHandler handler, boolean binary) {
            Schedulers.boundedElastic().schedule(() -> {
                try {
                    if (binary) {
                        handler.onSuccess(httpActionSyncAsBytes(uri, method, query, body, errors));
                    } else {
                        handler.onSuccess(httpActionSync(uri, method, query, body, errors));
                    }
                } catch (RestException | RuntimeException e) {
                    handler.onFailure(e);
                }
            });
        }
    }

    /**
     * NettyHttpClient hands every WebSocket frame to a random thread of its three-thread group, so
     * two events close together can overtake each other (StasisEnd before ChannelHangupRequest).
     * This subclass delivers frames on the socket's own event loop, in arrival order; decoding an
     * event is cheap and the callback only pushes it into a Reactor sink.
     */
    static final class OrderedEventsClient extends NettyHttpClient {
        @Override
        public void onWSSuccess(String text) {
            wsCallback.onSuccess(text);
        }
    }
}
