package dev.ariadne.media;

import io.netty.buffer.ByteBuf;

// 16-bit PCM byte order: RTP carries L16 big-endian (network order), the agent protocol little-endian.
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

    /** Appends a little-endian frame to {@code dst} in big-endian order. */
    static void writeLittleAsBig(byte[] frame, ByteBuf dst) {
        dst.ensureWritable(frame.length);
        for (int i = 0; i + 1 < frame.length; i += 2) {
            dst.writeShort((frame[i + 1] << 8) | (frame[i] & 0xff));
        }
    }
}
