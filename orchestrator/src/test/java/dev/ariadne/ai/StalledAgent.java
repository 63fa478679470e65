package dev.ariadne.ai;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

// An agent that accepts one WebSocket connection and then reads nothing until released: a stalled agent whose
// TCP window closes. Once released it reads every frame and records the first two bytes (little-endian) of
// each binary one. Blocking java.net on its own thread: this is the far side of the test, not the code tested.
final class StalledAgent implements AutoCloseable {

    final List<Integer> binaryTags = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final CountDownLatch released = new CountDownLatch(1);
    private final Thread thread;

    StalledAgent() throws IOException {
        server = new ServerSocket();
        server.setReceiveBufferSize(16 * 1024); // a small window, inherited by the accepted socket
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = Thread.ofPlatform().daemon().name("stalled-agent").start(this::serve);
    }

    String url() {
        return "ws://127.0.0.1:" + server.getLocalPort() + "/agent";
    }

    void release() {
        released.countDown();
    }

    private void serve() {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String request = readHeaders(in);
            String key = request.lines()
                    .filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElseThrow();
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\nSec-WebSocket-Protocol: ariadne.v1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            released.await();
            DataInputStream frames = new DataInputStream(new java.io.BufferedInputStream(in, 64 * 1024));
            while (true) {
                int b0 = frames.readUnsignedByte();
                int b1 = frames.readUnsignedByte();
                long length = b1 & 0x7f;
                if (length == 126) {
                    length = frames.readUnsignedShort();
                } else if (length == 127) {
                    length = frames.readLong();
                }
                byte[] mask = new byte[4];
                if ((b1 & 0x80) != 0) {
                    frames.readFully(mask);
                }
                byte[] payload = new byte[(int) length];
                frames.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
                if ((b0 & 0x0f) == 0x2 && payload.length >= 2) {
                    binaryTags.add((payload[0] & 0xff) | (payload[1] & 0xff) << 8);
                }
            }
        } catch (Exception e) {
            // closed: the test is over
        }
    }

    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        while (!s.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed during the handshake");
            }
            s.append((char) c);
        }
        return s.toString();
    }

    @Override
    public void close() throws IOException {
        released.countDown();
        server.close();
        thread.interrupt();
    }
}
