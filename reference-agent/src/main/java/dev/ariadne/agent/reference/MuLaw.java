package dev.ariadne.agent.reference;

/** G.711 mu-law, enough for the reference agent's Twilio profile (no resampling: it works at 8 kHz). */
public final class MuLaw {

    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;

    private MuLaw() {}

    public static byte encode(short sample) {
        int s = sample;
        int sign = (s >> 8) & 0x80;
        if (sign != 0) {
            s = -s;
        }
        s = Math.min(s, CLIP) + BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (s & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (s >> (exponent + 3)) & 0x0f;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    public static short decode(byte ulaw) {
        int u = ~ulaw & 0xff;
        int t = ((u & 0x0f) << 3) + BIAS;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? BIAS - t : t - BIAS);
    }

    /** mu-law bytes to PCM s16le at the same rate. */
    static byte[] toPcm(byte[] ulaw) {
        byte[] out = new byte[ulaw.length * 2];
        for (int i = 0; i < ulaw.length; i++) {
            short s = decode(ulaw[i]);
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
        return out;
    }

    /** PCM s16le to mu-law at the same rate. */
    static byte[] fromPcm(byte[] pcmLe) {
        byte[] out = new byte[pcmLe.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = encode((short) ((pcmLe[2 * i] & 0xff) | (pcmLe[2 * i + 1] << 8)));
        }
        return out;
    }
}
