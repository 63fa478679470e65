package dev.ariadne.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a longer RTP pcap by repeating a short one with the RTP sequence numbers, timestamps and capture times
 * carried on, so that the copy is one continuous stream. Playing the short pcap again instead would restart its
 * sequence numbers and timestamps on the same SSRC: Asterisk drops such packets as old, and the caller would go
 * silent after the first play (seen with sipp's 7 s {@code g711a.pcap}).
 *
 * <p>Expects a classic little-endian microsecond pcap of Ethernet/IPv4/UDP/RTP packets, as sipp's own pcaps are.
 * UDP checksums are zeroed (none, valid for IPv4), since the payload changes.
 */
final class PcapLoop {
    private PcapLoop() {}

    /** Writes {@code source} repeated {@code times} to {@code target}; returns the stream's length in seconds. */
    static double write(Path source, Path target, int times) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(source)).order(ByteOrder.LITTLE_ENDIAN);
        if (in.getInt(0) != 0xa1b2c3d4 || in.getInt(20) != 1) {
            throw new IOException(source + ": not a little-endian microsecond Ethernet pcap");
        }
        // One pass to learn the first packet's time and the stream's span (last - first + one packet interval).
        long firstUs = -1;
        long lastUs = 0;
        int packets = 0;
        for (int p = 24; p + 16 <= in.limit(); p += 16 + in.getInt(p + 8)) {
            long us = in.getInt(p) * 1_000_000L + in.getInt(p + 4);
            firstUs = firstUs < 0 ? us : firstUs;
            lastUs = us;
            packets++;
        }
        if (packets < 2) {
            throw new IOException(source + ": fewer than two packets");
        }
        long periodUs = (lastUs - firstUs) * packets / (packets - 1);
        ByteBuffer out = ByteBuffer.allocate(24 + (in.limit() - 24) * times).order(ByteOrder.LITTLE_ENDIAN);
        out.put(in.array(), 0, 24);
        int seqStep = packets;
        long tsStep = -1;
        for (int k = 0; k < times; k++) {
            long firstTs = -1;
            for (int p = 24; p + 16 <= in.limit(); p += 16 + in.getInt(p + 8)) {
                int len = in.getInt(p + 8);
                long us = in.getInt(p) * 1_000_000L + in.getInt(p + 4) + k * periodUs;
                byte[] packet = new byte[len];
                in.get(p + 16, packet);
                ByteBuffer b = ByteBuffer.wrap(packet); // network byte order
                int udp = 14 + (b.get(14) & 0x0f) * 4;
                int rtp = udp + 8;
                long ts = b.getInt(rtp + 4) & 0xffffffffL;
                firstTs = firstTs < 0 ? ts : firstTs;
                if (k == 0) {
                    tsStep = ts - firstTs; // ends as the last packet's offset
                }
                b.putShort(udp + 6, (short) 0);
                b.putShort(rtp + 2, (short) ((b.getShort(rtp + 2) & 0xffff) + k * seqStep));
                b.putInt(rtp + 4, (int) (ts + k * (tsStep + tsStep / (packets - 1))));
                out.putInt((int) (us / 1_000_000)).putInt((int) (us % 1_000_000));
                out.putInt(len).putInt(in.getInt(p + 12));
                out.put(packet);
            }
        }
        Files.write(target, java.util.Arrays.copyOf(out.array(), out.position()));
        return times * periodUs / 1e6;
    }
}
