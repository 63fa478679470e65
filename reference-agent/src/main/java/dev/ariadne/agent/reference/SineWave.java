package dev.ariadne.agent.reference;

/**
 * A phase-continuous sine generator producing slin16 (signed 16-bit little-endian) frames. Not thread-safe:
 * one instance per stream.
 */
public final class SineWave {

    private final double step;
    private final double amplitude;
    private double phase;

    /**
     * @param frequencyHz tone frequency
     * @param sampleRate samples per second, e.g. 16000
     * @param amplitude peak level relative to full scale, 0..1
     */
    public SineWave(double frequencyHz, int sampleRate, double amplitude) {
        if (frequencyHz <= 0 || sampleRate <= 0 || amplitude < 0 || amplitude > 1) {
            throw new IllegalArgumentException("bad sine parameters");
        }
        this.step = 2 * Math.PI * frequencyHz / sampleRate;
        this.amplitude = amplitude * 32767;
    }

    /** The next {@code samples} samples as little-endian bytes. */
    public byte[] next(int samples) {
        byte[] out = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            int v = (int) Math.round(amplitude * Math.sin(phase));
            phase += step;
            if (phase > 2 * Math.PI) {
                phase -= 2 * Math.PI;
            }
            out[2 * i] = (byte) v;
            out[2 * i + 1] = (byte) (v >> 8);
        }
        return out;
    }
}
