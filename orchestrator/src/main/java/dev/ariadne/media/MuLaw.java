package dev.ariadne.media;

/** G.711 mu-law (ITU-T G.711, the Sun reference algorithm) between 16-bit linear samples and bytes. */
final class MuLaw {

    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;
    private static final short[] DECODE = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            int u = ~i & 0xff;
            int t = (((u & 0x0f) << 3) + BIAS) << ((u & 0x70) >> 4);
            DECODE[i] = (short) ((u & 0x80) != 0 ? BIAS - t : t - BIAS);
        }
    }

    private MuLaw() {}

    static byte encode(int sample) {
        int sign = (sample >> 8) & 0x80;
        int s = sign != 0 ? -sample : sample;
        s = Math.min(s, CLIP) + BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (s & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (s >> (exponent + 3)) & 0x0f;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    static short decode(byte ulaw) {
        return DECODE[ulaw & 0xff];
    }
}
