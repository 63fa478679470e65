package dev.ariadne.e2e;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A carrier that is down but whose address still takes packets: a UDP port that reads every SIP request and
 * answers none (no 100 Trying either), as a dead SBC behind a live firewall does. Counts what arrived.
 */
final class BlackholePeer implements AutoCloseable {
    private final DatagramSocket socket;
    private final AtomicInteger invites = new AtomicInteger();
    private final Thread reader;

    BlackholePeer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        reader = Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[65535];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    if (new String(buf, 0, Math.min(p.getLength(), 7), java.nio.charset.StandardCharsets.US_ASCII)
                            .equals("INVITE ")) {
                        invites.incrementAndGet();
                    }
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    int port() {
        return socket.getLocalPort();
    }

    /** INVITE datagrams received, retransmissions included. */
    int invites() {
        return invites.get();
    }

    @Override
    public void close() {
        socket.close();
    }
}
