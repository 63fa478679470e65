package dev.ariadne.media;

import java.util.Base64;

/**
 * slin16 (PCM s16le 16 kHz) to and from base64 mu-law 8 kHz (Twilio Media Streams), one instance per stream holding the
 * resampler state of each direction.
 */
public final class MuLawCodec {

    private final HalfBandResampler down = HalfBandResampler.create();
    private final HalfBandResampler up = HalfBandResampler.create();

    /** PCM s16le 16 kHz to mu-law 8 kHz (a 640-byte frame gives 160 bytes). */
    public synchronized byte[] encode(byte[] pcmLe) {
        short[] narrow = down.decimate(samples(pcmLe));
        byte[] out = new byte[narrow.length];
        for (int i = 0; i < narrow.length; i++) {
            out[i] = MuLaw.encode(narrow[i]);
        }
        return out;
    }

    /** mu-law 8 kHz to PCM s16le 16 kHz (160 bytes give 640). */
    public synchronized byte[] decode(byte[] ulaw) {
        short[] narrow = new short[ulaw.length];
        for (int i = 0; i < ulaw.length; i++) {
            narrow[i] = MuLaw.decode(ulaw[i]);
        }
        return bytes(up.interpolate(narrow));
    }

    public String encodeBase64(byte[] pcmLe) {
        return Base64.getEncoder().encodeToString(encode(pcmLe));
    }

    public byte[] decodeBase64(String payload) {
        return decode(Base64.getDecoder().decode(payload));
    }

    static short[] samples(byte[] pcmLe) {
        short[] out = new short[pcmLe.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) ((pcmLe[2 * i] & 0xff) | (pcmLe[2 * i + 1] << 8));
        }
        return out;
    }

    static byte[] bytes(short[] samples) {
        byte[] out = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            out[2 * i] = (byte) samples[i];
            out[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return out;
    }
}
