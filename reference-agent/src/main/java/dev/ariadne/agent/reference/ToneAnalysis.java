package dev.ariadne.agent.reference;

import java.util.Objects;

/**
 * Checks audio by content: Goertzel power at candidate frequencies and RMS level of slin16 audio
 * (signed 16-bit little-endian PCM). Shared by the reference agent's own tests, the orchestrator's
 * tests, the end-to-end tests and the benchmarks.
 */
public final class ToneAnalysis {

    private ToneAnalysis() {}

    /** Decodes signed 16-bit little-endian PCM; a trailing odd byte is ignored. */
    public static short[] samples(byte[] pcmLe) {
        Objects.requireNonNull(pcmLe, "pcmLe");
        short[] out = new short[pcmLe.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) ((pcmLe[2 * i] & 0xff) | (pcmLe[2 * i + 1] << 8));
        }
        return out;
    }

    /** Goertzel power of {@code frequencyHz}, normalised so a full-scale sine gives about 0.25. */
    public static double power(short[] samples, int sampleRate, double frequencyHz) {
        Objects.requireNonNull(samples, "samples");
        if (samples.length == 0) {
            return 0;
        }
        double coefficient = 2 * Math.cos(2 * Math.PI * frequencyHz / sampleRate);
        double s1 = 0;
        double s2 = 0;
        for (short sample : samples) {
            double s0 = sample / 32768.0 + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return power / ((double) samples.length * samples.length);
    }

    /** The candidate with the most Goertzel power. */
    public static double dominantFrequency(short[] samples, int sampleRate, double... candidatesHz) {
        if (candidatesHz.length == 0) {
            throw new IllegalArgumentException("no candidate frequencies");
        }
        double best = candidatesHz[0];
        double bestPower = -1;
        for (double candidate : candidatesHz) {
            double p = power(samples, sampleRate, candidate);
            if (p > bestPower) {
                bestPower = p;
                best = candidate;
            }
        }
        return best;
    }

    /** Share of the signal's energy at {@code frequencyHz}: near 1 for a clean tone, near 0 without it. */
    public static double purity(short[] samples, int sampleRate, double frequencyHz) {
        double rms = rms(samples);
        if (rms == 0) {
            return 0;
        }
        // A sine of amplitude A has Goertzel power A^2/4 and mean square A^2/2.
        return Math.min(1.0, 2 * power(samples, sampleRate, frequencyHz) / (rms * rms));
    }

    /** RMS level relative to full scale (0..1). */
    public static double rms(short[] samples) {
        Objects.requireNonNull(samples, "samples");
        if (samples.length == 0) {
            return 0;
        }
        double sum = 0;
        for (short sample : samples) {
            double v = sample / 32768.0;
            sum += v * v;
        }
        return Math.sqrt(sum / samples.length);
    }

    /** RMS level in dBFS (a full-scale sine is about -3 dBFS); silence gives negative infinity. */
    public static double rmsDbfs(short[] samples) {
        return 20 * Math.log10(rms(samples));
    }
}
