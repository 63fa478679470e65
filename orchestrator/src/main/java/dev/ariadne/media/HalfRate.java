package dev.ariadne.media;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;

// 16 kHz -> 8 kHz for the agent's audio on its way to Asterisk: a low-pass FIR (windowed-sinc half-band,
// cutoff 4 kHz, so nothing above the new Nyquist folds back into the band) followed by keeping every other
// sample. Keeps the last input samples between frames so that a talkspurt is filtered as one signal.
//
// Why at all: Asterisk's UnicastRTP channel (chan_rtp) sets up no receive payload mappings, so it decodes only
// the static payload types 0..34 (RFC 3551); slin16 on its dynamic type 118 is dropped silently. The only linear
// PCM among the static types is L16 mono, PT 11, which Asterisk reads as slin at 8 kHz.
//
// Pacing thread only: not thread-safe.
final class HalfRate {

    static final int TAPS = 63;
    private static final double[] COEFFICIENTS = halfBand();
    // Half-band: every other coefficient but the centre is zero, so only these take part.
    private static final int[] NONZERO = nonZero(COEFFICIENTS);
    private static final double[] NONZERO_COEFFICIENTS =
            Arrays.stream(NONZERO).mapToDouble(tap -> COEFFICIENTS[tap]).toArray();

    private final double[] window = new double[TAPS - 1 + MediaSession.FRAME_SAMPLES]; // exact: 16-bit samples
    // The output frame is built here and copied into the ByteBuf at once: a writeShort per sample pays Netty's
    // bounds and reference-count checks 160 times per packet, which was most of the pacing thread's time.
    private final byte[] out = new byte[MediaSession.FRAME_SAMPLES];

    /** Samples out per 16 kHz frame. */
    static int outputSamples(int inputSamples) {
        return inputSamples / 2;
    }

    /** Appends the 8 kHz version of a little-endian 16 kHz frame (even sample count) to {@code dst}, big-endian. */
    void writeBigEndian(byte[] frameLe, ByteBuf dst) {
        Objects.requireNonNull(frameLe, "frameLe");
        int samples = frameLe.length / 2;
        if (samples != MediaSession.FRAME_SAMPLES) {
            throw new IllegalArgumentException("expected one frame of " + MediaSession.FRAME_SAMPLES + " samples");
        }
        int history = TAPS - 1;
        for (int i = 0; i < samples; i++) {
            window[history + i] = (short) ((frameLe[2 * i + 1] << 8) | (frameLe[2 * i] & 0xff));
        }
        int[] taps = NONZERO;
        double[] coefficients = NONZERO_COEFFICIENTS;
        int outputs = samples / 2;
        // Four outputs at a time: each sum keeps its own order (so the result is bit for bit the same), but the
        // four dependency chains of additions overlap in the CPU instead of running one after another.
        for (int o = 0; o < outputs; o += 4) {
            int newest = history + 2 * o + 1;
            double acc0 = 0;
            double acc1 = 0;
            double acc2 = 0;
            double acc3 = 0;
            for (int t = 0; t < taps.length; t++) {
                double c = coefficients[t];
                int i = newest - taps[t];
                acc0 += c * window[i];
                acc1 += c * window[i + 2];
                acc2 += c * window[i + 4];
                acc3 += c * window[i + 6];
            }
            put(o, acc0);
            put(o + 1, acc1);
            put(o + 2, acc2);
            put(o + 3, acc3);
        }
        dst.writeBytes(out, 0, samples);
        System.arraycopy(window, samples, window, 0, history);
    }

    private void put(int index, double acc) {
        int sample = clamp(Math.round(acc));
        out[2 * index] = (byte) (sample >> 8);
        out[2 * index + 1] = (byte) sample;
    }

    /** Forgets the previous frames: the next one starts after silence. */
    void reset() {
        Arrays.fill(window, 0);
    }

    private static int clamp(long sample) {
        return (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sample));
    }

    // sinc with cutoff at a quarter of the input rate, Blackman window, unity gain at DC.
    private static double[] halfBand() {
        double[] h = new double[TAPS];
        int centre = TAPS / 2;
        double sum = 0;
        for (int n = 0; n < TAPS; n++) {
            int k = n - centre;
            double ideal = k == 0 ? 0.5 : Math.sin(Math.PI * k / 2) / (Math.PI * k);
            double blackman = 0.42 - 0.5 * Math.cos(2 * Math.PI * n / (TAPS - 1))
                    + 0.08 * Math.cos(4 * Math.PI * n / (TAPS - 1));
            h[n] = ideal * blackman;
            sum += h[n];
        }
        for (int n = 0; n < TAPS; n++) {
            h[n] /= sum;
        }
        return h;
    }

    private static int[] nonZero(double[] h) {
        return IntStream.range(0, h.length).filter(n -> Math.abs(h[n]) > 1e-12).toArray();
    }
}
