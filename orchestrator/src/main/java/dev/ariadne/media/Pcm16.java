package dev.ariadne.media;

import io.netty.buffer.ByteBuf;

// 16-bit PCM byte order: RTP carries L16 big-endian (network order), the agent protocol little-endian.
// (The way back to Asterisk is written by HalfRate.)
final class Pcm16 {

    private Pcm16() {}

    /** Copies {@code length} big-endian bytes at {@code index} of {@code src} into a new little-endian array. */
    static byte[] bigToLittle(ByteBuf src, int index, int length) {
        byte[] out = new byte[length];
        src.getBytes(index, out);
        for (int i = 0; i + 1 < length; i += 2) {
            byte high = out[i];
            out[i] = out[i + 1];
            out[i + 1] = high;
        }
        return out;
    }
}
