package dev.ariadne.media;

import dev.ariadne.io.IoLoops;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

// One UDP socket per call, on a port from the configured range, registered on the call's event loop.
final class UdpMediaRelay implements MediaRelay, AutoCloseable {

    private final MediaProperties properties;
    private final IoLoops loops;
    private final Set<Integer> portsInUse = ConcurrentHashMap.newKeySet();
    private final Set<UdpMediaSession> sessions = ConcurrentHashMap.newKeySet();
    private final Map<EventLoop, LoopPacer> pacers = new ConcurrentHashMap<>();
    // Ports are handed out round-robin, not lowest-first, so a port just released is not reused at once:
    // late packets of the previous call must not land in the next one.
    private final AtomicInteger cursor = new AtomicInteger();

    UdpMediaRelay(MediaProperties properties, IoLoops loops) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.loops = Objects.requireNonNull(loops, "loops");
    }

    @Override
    public Mono<MediaSession> open(String callId, EventLoop loop) {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(loop, "loop");
        return Mono.defer(() -> {
            int size = properties.portMax() - properties.portMin() + 1;
            int first = Math.floorMod(cursor.getAndIncrement(), size);
            return bind(callId, loop, first, 0, size, null);
        });
    }

    /** {@link #open(String, EventLoop)} on the next loop. */
    Mono<MediaSession> open(String callId) {
        return open(callId, loops.next());
    }

    private Mono<MediaSession> bind(String callId, EventLoop loop, int index, int attempt, int size, Throwable last) {
        // Skip ports our own sessions hold without a bind attempt.
        while (attempt < size && !portsInUse.add(portAt(index))) {
            index++;
            attempt++;
        }
        if (attempt == size) {
            return Mono.error(new IllegalStateException(
                    "No free UDP port in " + properties.portMin() + ".." + properties.portMax() + " for call "
                            + callId,
                    last));
        }
        int port = portAt(index);
        int next = index + 1;
        int attempts = attempt + 1;
        LoopPacer pacer = pacers.computeIfAbsent(loop, LoopPacer::new);
        UdpMediaSession session = new UdpMediaSession(callId, port, properties.advertisedHost(),
                properties.playoutQueueFrames(), loop, pacer, () -> portsInUse.remove(port));
        ChannelFuture bound = new Bootstrap()
                .group(loop)
                .channel(loops.datagramChannel())
                // Room for about 4 s of one call's audio (the kernel counts ~2 KB per datagram): a loop held up by a
                // CPU spike must not lose packets to a full socket.
                .option(ChannelOption.SO_RCVBUF, 256 * 1024)
                .handler(session)
                .bind(new InetSocketAddress(properties.bindHost(), port));
        return Mono.<MediaSession>create(sink -> bound.addListener(f -> {
                    if (f.isSuccess()) {
                        sessions.add(session);
                        session.attach(bound.channel());
                        session.whenClosed().subscribe(null, null, () -> sessions.remove(session));
                        cursor.set(port - properties.portMin() + 1);
                        sink.success(session);
                    } else {
                        sink.error(f.cause());
                    }
                }))
                .onErrorResume(error -> {
                    portsInUse.remove(port);
                    return bind(callId, loop, next, attempts, size, error);
                });
    }

    private int portAt(int index) {
        return properties.portMin() + Math.floorMod(index, properties.portMax() - properties.portMin() + 1);
    }

    int activeSessions() {
        return sessions.size();
    }

    // Application shutdown: sockets are closed asynchronously, nothing waits here.
    @Override
    public void close() {
        sessions.forEach(UdpMediaSession::close);
    }
}
