package dev.ariadne.ari;

import ch.loway.oss.ari4java.ARI;
import ch.loway.oss.ari4java.AriVersion;
import ch.loway.oss.ari4java.tools.http.NettyHttpClient;
import java.net.URISyntaxException;

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
