package dev.ariadne.e2e;

import dev.ariadne.agent.reference.ToneAnalysis;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tcpdump capture on the loopback interface ({@code tcpdump -i lo}, needs root), read back as IPv4 packets:
 * what a wire observer of the stack sees. {@link #start} returns once tcpdump listens; {@link #stop} ends it and
 * parses the pcap (classic, Ethernet link type, as tcpdump writes for {@code lo}).
 */
final class LoopbackCapture implements AutoCloseable {
    /** One captured IPv4 TCP or UDP packet's ports and payload. */
    record Packet(boolean tcp, int srcPort, int dstPort, byte[] payload) {
        boolean touches(int port) {
            return srcPort == port || dstPort == port;
        }
    }

    private final Process tcpdump;
    private final Path file;
    private List<Packet> packets;

    private LoopbackCapture(Process tcpdump, Path file) {
        this.tcpdump = tcpdump;
        this.file = file;
    }

    /** Starts {@code tcpdump -i lo -w file <filter>} and waits until it listens. */
    static LoopbackCapture start(Path file, String filter) throws IOException {
        Files.createDirectories(file.getParent());
        Process p = new ProcessBuilder("tcpdump", "-i", "lo", "-n", "-U", "--immediate-mode", "-w", file.toString(),
                filter).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.contains("listening on")) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // tcpdump ended
                    }
                }, "tcpdump-output");
                drain.setDaemon(true);
                drain.start();
                return new LoopbackCapture(p, file);
            }
        }
        throw new IOException("tcpdump did not start: " + seen);
    }

    /** Ends tcpdump (it flushes on SIGTERM) and reads what it captured. */
    List<Packet> stop() throws IOException, InterruptedException {
        if (packets == null) {
            Thread.sleep(300); // the last packets of the call's end
            tcpdump.destroy();
            if (!tcpdump.waitFor(10, TimeUnit.SECONDS)) {
                tcpdump.destroyForcibly();
            }
            packets = read(file);
        }
        return packets;
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    static List<Packet> read(Path pcap) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        if (in.limit() < 24 || in.getInt(0) != 0xa1b2c3d4 || in.getInt(20) != 1) {
            throw new IOException(pcap + ": not a little-endian Ethernet pcap");
        }
        List<Packet> out = new ArrayList<>();
        for (int p = 24; p + 16 <= in.limit(); p += 16 + in.getInt(p + 8)) {
            int len = in.getInt(p + 8);
            ByteBuffer b = ByteBuffer.wrap(in.array(), p + 16, Math.min(len, in.limit() - p - 16)).slice();
            if (b.limit() < 34 || (b.getShort(12) & 0xffff) != 0x0800) {
                continue; // not IPv4
            }
            int ip = 14;
            int ihl = (b.get(ip) & 0x0f) * 4;
            int total = b.getShort(ip + 2) & 0xffff;
            int proto = b.get(ip + 9) & 0xff;
            int l4 = ip + ihl;
            int end = Math.min(b.limit(), ip + total);
            if (proto == 6 && l4 + 20 <= end) {
                int off = ((b.get(l4 + 12) & 0xf0) >> 4) * 4;
                out.add(new Packet(true, b.getShort(l4) & 0xffff, b.getShort(l4 + 2) & 0xffff,
                        bytes(b, l4 + off, end)));
            } else if (proto == 17 && l4 + 8 <= end) {
                out.add(new Packet(false, b.getShort(l4) & 0xffff, b.getShort(l4 + 2) & 0xffff, bytes(b, l4 + 8, end)));
            }
        }
        return out;
    }

    private static byte[] bytes(ByteBuffer b, int from, int to) {
        byte[] a = new byte[Math.max(0, to - from)];
        b.get(from, a);
        return a;
    }

    /** All TCP and UDP payload bytes to or from {@code port}, in capture order, as Latin-1 text. */
    static String text(List<Packet> packets, int port) {
        StringBuilder s = new StringBuilder();
        for (Packet p : packets) {
            if (p.touches(port)) {
                s.append(new String(p.payload(), StandardCharsets.ISO_8859_1));
            }
        }
        return s.toString();
    }

    /**
     * TCP packets to or from {@code port} whose payload starts with a TLS record header (content type 20 to 23,
     * version 3.x): application data on a connection that may have been set up before the capture began.
     */
    static long tlsRecords(List<Packet> packets, int port) {
        return packets.stream()
                .filter(p -> p.tcp() && p.touches(port) && p.payload().length > 5)
                .filter(p -> p.payload()[0] >= 20 && p.payload()[0] <= 23 && p.payload()[1] == 3)
                .count();
    }

    /**
     * RTP packets (UDP, version 2, payload type 0: G.711 u-law) between the two port ranges whose payload, decoded
     * as u-law, is a clean tone of {@code hz} (purity over 0.5): in the clear, almost every packet of a played tone
     * is; SRTP's ciphertext decodes to noise.
     */
    static long rtpPacketsWithTone(List<Packet> packets, int[] rangeA, int[] rangeB, double hz) {
        return rtpBetween(packets, rangeA, rangeB).stream()
                .filter(p -> ToneAnalysis.purity(ulaw(p.payload(), 12), 8000, hz) > 0.5)
                .count();
    }

    /** UDP packets between the two port ranges that look like RTP with u-law payload. */
    static List<Packet> rtpBetween(List<Packet> packets, int[] rangeA, int[] rangeB) {
        return packets.stream()
                .filter(p -> !p.tcp() && p.payload().length > 12 + 80)
                .filter(p -> (in(p.srcPort(), rangeA) && in(p.dstPort(), rangeB))
                        || (in(p.srcPort(), rangeB) && in(p.dstPort(), rangeA)))
                .filter(p -> (p.payload()[0] & 0xc0) == 0x80 && (p.payload()[1] & 0x7f) == 0)
                .toList();
    }

    private static boolean in(int port, int[] range) {
        return port >= range[0] && port <= range[1];
    }

    /** G.711 u-law to 16-bit linear, from {@code offset} to the end (SRTP's auth tag decodes as a bit of noise). */
    private static short[] ulaw(byte[] payload, int offset) {
        short[] s = new short[payload.length - offset];
        for (int i = 0; i < s.length; i++) {
            int u = ~payload[offset + i] & 0xff;
            int t = ((u & 0x0f) << 3) + 0x84;
            t <<= (u & 0x70) >> 4;
            s[i] = (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
        }
        return s;
    }
}
