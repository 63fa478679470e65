package dev.ariadne.media;

import dev.ariadne.io.IoLoops;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

// A relay on a real loopback port range with its own event loops; closes everything it opened.
final class TestRelay implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    final IoLoops loops = new IoLoops(2);
    final UdpMediaRelay relay;
    final int portMin;
    private final List<MediaSession> opened = new ArrayList<>();

    TestRelay(int playoutQueueFrames) {
        this(freePort(), 20, playoutQueueFrames);
    }

    TestRelay(int portMin, int ports, int playoutQueueFrames) {
        this.portMin = portMin;
        this.relay = new UdpMediaRelay(
                new MediaProperties("127.0.0.1", null, portMin, portMin + ports - 1, playoutQueueFrames), loops);
    }

    MediaSession open(String callId) {
        MediaSession session = relay.open(callId).block(TIMEOUT);
        opened.add(session);
        return session;
    }

    static int freePort() {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            // Stay clear of the top of the range so that portMin + ports fits.
            return Math.min(probe.getLocalPort(), 60000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (MediaSession session : opened) {
            session.close().block(TIMEOUT);
        }
        relay.close();
        loops.close();
    }
}
