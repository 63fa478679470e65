package dev.ariadne.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

// Plays Asterisk's externalMedia side of a session: a real UDP socket on loopback sending and receiving RTP.
final class FakeAsterisk implements AutoCloseable {

    record Received(RtpPacket rtp, byte[] payload, long arrivalNanos) {}

    private final DatagramSocket socket;
    private final int ssrc = 0x5eed;

    FakeAsterisk() {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setReceiveBufferSize(1 << 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void send(MediaSession session, int payloadType, int sequence, long timestamp, byte[] payloadBe) {
        byte[] packet = new byte[12 + payloadBe.length];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) payloadType;
        packet[2] = (byte) (sequence >> 8);
        packet[3] = (byte) sequence;
        for (int i = 0; i < 4; i++) {
            packet[4 + i] = (byte) (timestamp >> (24 - 8 * i));
            packet[8 + i] = (byte) (ssrc >> (24 - 8 * i));
        }
        System.arraycopy(payloadBe, 0, packet, 12, payloadBe.length);
        sendRaw(session, packet);
    }

    void sendRaw(MediaSession session, byte[] datagram) {
        try {
            socket.send(new DatagramPacket(
                    datagram, datagram.length, InetAddress.getLoopbackAddress(), session.localPort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next packet, or null if none arrives within the timeout. */
    Received receive(int timeoutMillis) {
        byte[] buffer = new byte[2048];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        try {
            socket.setSoTimeout(timeoutMillis);
            socket.receive(datagram);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long now = System.nanoTime();
        ByteBuf buf = Unpooled.wrappedBuffer(buffer, 0, datagram.getLength());
        RtpPacket rtp = RtpPacket.parse(buf);
        byte[] payload = Arrays.copyOfRange(buffer, rtp.payloadOffset(), rtp.payloadOffset() + rtp.payloadLength());
        return new Received(rtp, payload, now);
    }

    /** Exactly {@code count} packets, each within two seconds, or fails. */
    List<Received> receive(int count, int timeoutMillis) {
        List<Received> packets = new ArrayList<>();
        while (packets.size() < count) {
            Received next = receive(timeoutMillis);
            if (next == null) {
                throw new AssertionError("only " + packets.size() + " of " + count + " RTP packets arrived");
            }
            packets.add(next);
        }
        return packets;
    }

    /** Every packet until none arrives for {@code quietMillis}. */
    List<Received> receiveUntilQuiet(int quietMillis) {
        List<Received> packets = new ArrayList<>();
        Received next;
        while ((next = receive(quietMillis)) != null) {
            packets.add(next);
        }
        return packets;
    }

    @Override
    public void close() {
        socket.close();
    }
}
