package dev.ariadne.media;

import io.netty.channel.socket.DatagramPacket;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.udp.UdpServer;

// One Reactor Netty UDP server per call, on a port from the configured range.
final class UdpMediaRelay implements MediaRelay, AutoCloseable {

    private final MediaProperties properties;
    private final PacingClock clock;
    private final Set<Integer> portsInUse = ConcurrentHashMap.newKeySet();
    private final Set<UdpMediaSession> sessions = ConcurrentHashMap.newKeySet();
    // Ports are handed out round-robin, not lowest-first, so a port just released is not reused at once:
    // late packets of the previous call must not land in the next one.
    private final AtomicInteger cursor = new AtomicInteger();

    UdpMediaRelay(MediaProperties properties, PacingClock clock) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Mono<MediaSession> open(String callId) {
        Objects.requireNonNull(callId, "callId");
        return Mono.defer(() -> {
            int size = properties.portMax() - properties.portMin() + 1;
            int first = Math.floorMod(cursor.getAndIncrement(), size);
            return bind(callId, first, 0, size, null);
        });
    }

    private Mono<MediaSession> bind(String callId, int index, int attempt, int size, Throwable lastError) {
        // Skip ports our own sessions hold without a bind attempt.
        while (attempt < size && !portsInUse.add(portAt(index))) {
            index++;
            attempt++;
        }
        if (attempt == size) {
            return Mono.error(new IllegalStateException(
                    "No free UDP port in " + properties.portMin() + ".." + properties.portMax() + " for call "
                            + callId,
                    lastError));
        }
        int port = portAt(index);
        int next = index + 1;
        int attempts = attempt + 1;
        UdpMediaSession session = new UdpMediaSession(
                callId, port, properties.advertisedHost(), properties.playoutQueueFrames(), clock, () -> {
                    portsInUse.remove(port);
                });
        return UdpServer.create()
                .host(properties.bindHost())
                .port(port)
                .handle((in, out) -> in.receiveObject()
                        .doOnNext(message -> {
                            if (message instanceof DatagramPacket datagram) {
                                session.onDatagram(datagram);
                            }
                        })
                        .then())
                .bind()
                .map(connection -> attach(session, connection))
                .onErrorResume(error -> {
                    portsInUse.remove(port);
                    return bind(callId, next, attempts, size, error);
                });
    }

    private MediaSession attach(UdpMediaSession session, Connection connection) {
        sessions.add(session);
        session.attach(connection);
        session.whenClosed().subscribe(null, null, () -> sessions.remove(session));
        cursor.set(session.localPort() - properties.portMin() + 1);
        return session;
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
