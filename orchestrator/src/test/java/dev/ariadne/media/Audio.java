package dev.ariadne.media;

// Test audio: tones, byte order and a Goertzel detector.
final class Audio {

    private Audio() {}

    static short[] tone(double hz, int samples) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * i / MediaSession.SAMPLE_RATE));
        }
        return pcm;
    }

    static byte[] bigEndian(short[] pcm, int from, int count) {
        byte[] bytes = new byte[count * 2];
        for (int i = 0; i < count; i++) {
            bytes[2 * i] = (byte) (pcm[from + i] >> 8);
            bytes[2 * i + 1] = (byte) pcm[from + i];
        }
        return bytes;
    }

    static byte[] swap(byte[] bytes) {
        byte[] out = bytes.clone();
        for (int i = 0; i + 1 < out.length; i += 2) {
            out[i] = bytes[i + 1];
            out[i + 1] = bytes[i];
        }
        return out;
    }

    static short[] fromBigEndian(byte[] bytes) {
        return fromLittleEndian(swap(bytes));
    }

    static short[] fromLittleEndian(byte[] bytes) {
        short[] pcm = new short[bytes.length / 2];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8));
        }
        return pcm;
    }

    /** Relative power of {@code hz} in {@code pcm} (Goertzel). */
    static double power(short[] pcm, double hz) {
        return power(pcm, hz, MediaSession.SAMPLE_RATE);
    }

    /** Relative power of {@code hz} in {@code pcm} sampled at {@code rate} (Goertzel). */
    static double power(short[] pcm, double hz, int rate) {
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / rate);
        double s1 = 0;
        double s2 = 0;
        for (short sample : pcm) {
            double s0 = sample + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return (s1 * s1 + s2 * s2 - coefficient * s1 * s2) / pcm.length;
    }

    static int zeroCrossings(short[] pcm) {
        int crossings = 0;
        for (int i = 1; i < pcm.length; i++) {
            if ((pcm[i - 1] < 0) != (pcm[i] < 0)) {
                crossings++;
            }
        }
        return crossings;
    }
}
