package dev.ariadne.call;

import dev.ariadne.ari.AriClient;
import dev.ariadne.ari.ExternalMediaChannel;
import dev.ariadne.media.MediaSession;
import java.net.InetSocketAddress;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The media side every call shares, whichever way it started: a mixing bridge and an external media channel
 * (slin16 RTP to this call's UDP port) are prepared while the phone leg is still being set up (answered, or
 * ringing), and the phone leg joins them once it is up.
 */
final class CallMedia {
    private static final Duration MEDIA_STASIS_TIMEOUT = Duration.ofSeconds(3);

    private CallMedia() {}

    /**
     * Creates the bridge and the external media channel, in parallel, and waits until the media channel has
     * entered Stasis. Ids are chosen here, before the requests, so that teardown knows every resource even if a
     * request's answer is lost.
     */
    static Mono<Void> prepare(CallSession call) {
        AriClient ari = call.services.ari();
        call.bridgeId = "bridge-" + call.callId;
        call.mediaChannelId = "media-" + call.callId;
        call.services.registry().channel(call.mediaChannelId, call);
        Mono<String> bridge = call.span.child("ari.bridge.create", ari.createBridge("mixing", call.bridgeId));
        Mono<ExternalMediaChannel> media = call.services.media().open(call.callId.toString(), call.loop)
                .doOnNext(m -> call.media = m)
                .flatMap(m -> call.span.child("ari.externalMedia",
                        ari.externalMedia(m.externalHost(), MediaSession.CODEC, call.mediaChannelId)))
                .doOnNext(ch -> {
                    if (ch.localAddress() != null && ch.localPort() > 0) {
                        call.media.remote(new InetSocketAddress(ch.localAddress(), ch.localPort()));
                    }
                })
                .flatMap(ch -> call.mediaInStasis.asMono().timeout(MEDIA_STASIS_TIMEOUT).thenReturn(ch));
        return Mono.when(bridge, media);
    }

    /** Puts the phone leg and the external media channel into the bridge. */
    static Mono<Void> join(CallSession call) {
        return Mono.defer(() -> call.span.child("ari.bridge.add",
                call.services.ari().addToBridge(call.bridgeId, call.channelId, call.mediaChannelId)));
    }
}
