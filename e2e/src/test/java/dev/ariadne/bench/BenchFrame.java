package dev.ariadne.bench;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

// The benchmark's markers in the audio.
//
// Caller -> agent (640-byte slin16 frame, passed through with only a byte-order swap): 16-bit samples
// 0: magic, 1: call index, 2-3: generator frame index k, 4-7: generator send time (System.nanoTime).
//
// Agent -> caller: the orchestrator low-pass filters and decimates the agent's 16 kHz audio to 8 kHz (HalfRate),
// which destroys any bit pattern. So the agent's frame carries only its own frame number (per call, from 0) mod
// 4096, as two constant levels of 6 bits each, one per half frame; the agent keeps the send times itself. The
// filter's gain at DC is 1 and its 63 taps span 31 output samples, so away from the halves' edges the 8 kHz
// packet carries the levels exactly (up to rounding).
final class BenchFrame {

    static final short MAGIC = 0x4d42;
    static final int CALL = 1;
    static final int INDEX = 2;
    static final int GENERATOR_SENT = 4;
    static final int CODE_MODULUS = 4096;
    private static final int LEVEL_STEP = 1000; // decoding tolerates +-500
    private static final int HALF_SAMPLES_16K = 160;
    // 8 kHz output o depends on 16 kHz inputs 2o-61 .. 2o+1: these lie well inside each half.
    private static final int[] PROBES_8K = {70, 140};

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

    /** Fills a little-endian 16 kHz agent frame of 320 samples with the code of agent frame {@code number}. */
    static void writeAgentCode(ByteBuf frame, long number) {
        int code = (int) (number % CODE_MODULUS);
        int[] levels = {level(code >> 6), level(code & 63)};
        for (int half = 0; half < 2; half++) {
            for (int j = 0; j < HALF_SAMPLES_16K; j++) {
                frame.writeShortLE(levels[half]);
            }
        }
    }

    /** The code in a big-endian 8 kHz RTP payload of 160 samples at {@code base}, or -1 if it is not one. */
    static int readAgentCode(ByteBuffer buf, int base) {
        int code = 0;
        for (int probe : PROBES_8K) {
            int v = Math.floorDiv(buf.getShort(base + 2 * probe) + 32 * LEVEL_STEP, LEVEL_STEP);
            if (v < 0 || v > 63) {
                return -1;
            }
            code = (code << 6) | v;
        }
        return code;
    }

    private static int level(int sixBits) {
        return (sixBits - 32) * LEVEL_STEP + LEVEL_STEP / 2;
    }
}
