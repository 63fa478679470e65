package dev.ariadne.media;

/**
 * 2:1 decimation (16 kHz to 8 kHz) and 1:2 interpolation (8 kHz to 16 kHz) through the same 63-tap
 * Blackman-windowed low-pass FIR (cut-off 3.6 kHz at 16 kHz: the telephone band passes, what would alias
 * above 4 kHz is attenuated by more than 50 dB). Stateful: one instance per direction of one stream, so
 * consecutive frames join without clicks; not thread-safe.
 */
final class HalfBandResampler {

    static final int TAPS = 63;
    private static final double[] H = lowPass(TAPS, 3600.0 / 16000);
    private static final int HISTORY = TAPS - 1;

    // Decimator history in 16 kHz samples; interpolator history in 8 kHz samples.
    private final double[] history = new double[HISTORY];
    private boolean hasOddSample;
    private double oddSample;

    private HalfBandResampler() {}

    static HalfBandResampler create() {
        return new HalfBandResampler();
    }

    /** 16 kHz samples in, half as many 8 kHz samples out (an odd trailing sample waits for the next call). */
    short[] decimate(short[] in) {
        int count = in.length + (hasOddSample ? 1 : 0);
        double[] x = new double[HISTORY + count];
        System.arraycopy(history, 0, x, 0, HISTORY);
        int pos = HISTORY;
        if (hasOddSample) {
            x[pos++] = oddSample;
        }
        for (short s : in) {
            x[pos++] = s;
        }
        int outCount = count / 2;
        short[] out = new short[outCount];
        for (int m = 0; m < outCount; m++) {
            int newest = HISTORY + 2 * m + 1;
            double acc = 0;
            for (int k = 0; k < TAPS; k++) {
                acc += H[k] * x[newest - k];
            }
            out[m] = clip(acc);
        }
        int used = HISTORY + 2 * outCount;
        hasOddSample = count % 2 == 1;
        if (hasOddSample) {
            oddSample = x[used];
        }
        System.arraycopy(x, used - HISTORY, history, 0, HISTORY);
        return out;
    }

    /** 8 kHz samples in, twice as many 16 kHz samples out. */
    short[] interpolate(short[] in) {
        int half = HISTORY / 2; // 31 past 8 kHz samples cover the filter
        double[] x = new double[half + in.length];
        System.arraycopy(history, 0, x, 0, half);
        for (int i = 0; i < in.length; i++) {
            x[half + i] = in[i];
        }
        short[] out = new short[in.length * 2];
        for (int i = 0; i < in.length; i++) {
            int newest = half + i;
            double even = 0;
            double odd = 0;
            for (int j = 0; 2 * j < TAPS; j++) {
                even += H[2 * j] * x[newest - j];
                if (2 * j + 1 < TAPS) {
                    odd += H[2 * j + 1] * x[newest - j];
                }
            }
            // Zero-stuffing halves the level; the factor 2 restores it.
            out[2 * i] = clip(2 * even);
            out[2 * i + 1] = clip(2 * odd);
        }
        System.arraycopy(x, x.length - half, history, 0, half);
        return out;
    }

    private static short clip(double v) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }

    private static double[] lowPass(int taps, double cutoff) {
        double[] h = new double[taps];
        int mid = (taps - 1) / 2;
        double sum = 0;
        for (int n = 0; n < taps; n++) {
            int k = n - mid;
            double sinc = k == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * k) / (Math.PI * k);
            double window = 0.42 - 0.5 * Math.cos(2 * Math.PI * n / (taps - 1)) + 0.08 * Math.cos(4 * Math.PI * n / (taps - 1));
            h[n] = sinc * window;
            sum += h[n];
        }
        for (int n = 0; n < taps; n++) {
            h[n] /= sum;
        }
        return h;
    }
}
