package dev.ariadne.bench;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

// The benchmark's marker in each 640-byte audio frame. Fields are written as 16-bit samples, so they survive
// the orchestrator's byte-order swap between RTP (big-endian) and the agent protocol (little-endian).
//
// sample 0: magic, 1: call index, 2-3: frame index k, 4-7: generator send time, 8-11: agent send time
// (System.nanoTime; CLOCK_MONOTONIC on Linux, so comparable between the two benchmark JVMs).
final class BenchFrame {

    static final short MAGIC = 0x4d42;
    static final int CALL = 1;
    static final int INDEX = 2;
    static final int GENERATOR_SENT = 4;
    static final int AGENT_SENT = 8;

    private BenchFrame() {}

    /** Big-endian samples (RTP payload) starting at the buffer's {@code base}. */
    static long readBe(ByteBuffer buf, int base, int sample, int samples) {
        long value = 0;
        for (int j = samples - 1; j >= 0; j--) {
            value = (value << 16) | (buf.getShort(base + 2 * (sample + j)) & 0xffff);
        }
        return value;
    }

    static void writeBe(ByteBuffer buf, int base, int sample, int samples, long value) {
        for (int j = 0; j < samples; j++) {
            buf.putShort(base + 2 * (sample + j), (short) (value >>> (16 * j)));
        }
    }

    /** Little-endian samples (agent WebSocket frame). */
    static long readLe(ByteBuf buf, int sample, int samples) {
        long value = 0;
        int base = buf.readerIndex();
        for (int j = samples - 1; j >= 0; j--) {
            value = (value << 16) | buf.getUnsignedShortLE(base + 2 * (sample + j));
        }
        return value;
    }

    static void writeLe(ByteBuf buf, int sample, int samples, long value) {
        int base = buf.readerIndex();
        for (int j = 0; j < samples; j++) {
            buf.setShortLE(base + 2 * (sample + j), (int) (value >>> (16 * j)));
        }
    }
}
