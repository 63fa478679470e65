package dev.ariadne.media;

import io.netty.buffer.ByteBuf;

// 16-bit PCM byte order: RTP carries L16 big-endian (network order), the agent protocol little-endian.
// (The way back to Asterisk is written by HalfRate.)
final class Pcm16 {

    private Pcm16() {}

    /** Appends {@code length} big-endian bytes at {@code index} of {@code src} to {@code dst}, little-endian. */
    static void bigToLittle(ByteBuf src, int index, int length, ByteBuf dst) {
        dst.ensureWritable(length);
        int at = dst.writerIndex();
        if (dst.hasArray()) {
            byte[] a = dst.array();
            int base = dst.arrayOffset() + at;
            src.getBytes(index, a, base, length);
            for (int i = base, end = base + length - 1; i < end; i += 2) {
                byte high = a[i];
                a[i] = a[i + 1];
                a[i + 1] = high;
            }
        } else {
            for (int i = 0; i + 1 < length; i += 2) {
                dst.setShortLE(at + i, src.getShort(index + i));
            }
        }
        dst.writerIndex(at + length);
    }
}
