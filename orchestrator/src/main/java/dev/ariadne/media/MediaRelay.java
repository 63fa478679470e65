package dev.ariadne.media;

import io.netty.channel.EventLoop;
import reactor.core.publisher.Mono;

/**
 * Opens the RTP endpoint of one call's Asterisk {@code externalMedia} channel (format {@code slin16},
 * encapsulation {@code rtp}, transport {@code udp}).
 */
public interface MediaRelay {

    /**
     * Binds a UDP socket on a free port of the configured range (trying the next port when one is taken), on
     * {@code loop}. Fails with {@link IllegalStateException} when every port of the range is in use.
     *
     * @param callId the call this session belongs to, for logs
     * @param loop the call's event loop (see {@link dev.ariadne.io.IoLoops}); its agent connection should use it
     */
    Mono<MediaSession> open(String callId, EventLoop loop);
}
