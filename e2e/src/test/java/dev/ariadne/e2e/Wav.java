package dev.ariadne.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A PCM WAV file as Asterisk's {@code wav} format writes it (16-bit little-endian mono, 8 kHz; {@code wav16}
 * is 16 kHz). Reads the chunks instead of assuming a 44-byte header.
 *
 * @param pcmLe the samples as signed 16-bit little-endian bytes, ready for {@code ToneAnalysis.samples}
 */
public record Wav(int sampleRate, int channels, int bitsPerSample, byte[] pcmLe) {

    public static Wav read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 /* RIFF */ || b.getInt(8) != 0x45564157 /* WAVE */) {
            throw new IOException(file + " is not a RIFF/WAVE file");
        }
        int pos = 12;
        Integer rate = null;
        int channels = 0;
        int bits = 0;
        while (pos + 8 <= b.limit()) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            int body = pos + 8;
            if (id == 0x20746d66 /* "fmt " */) {
                int format = b.getShort(body) & 0xffff;
                if (format != 1) {
                    throw new IOException(file + ": not PCM (format " + format + ")");
                }
                channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14);
            } else if (id == 0x61746164 /* "data" */) {
                if (rate == null) {
                    throw new IOException(file + ": data before fmt");
                }
                // A recording stopped abruptly may leave the size unset or too large: take what is there.
                int end = size <= 0 || body + size > b.limit() ? b.limit() : body + size;
                return new Wav(rate, channels, bits, Arrays.copyOfRange(b.array(), body, end));
            }
            pos = body + size + (size & 1);
        }
        throw new IOException(file + ": no data chunk");
    }

    public double seconds() {
        return pcmLe.length / (double) (sampleRate * channels * (bitsPerSample / 8));
    }
}
