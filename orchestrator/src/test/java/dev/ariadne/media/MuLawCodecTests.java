package dev.ariadne.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ariadne.agent.reference.SineWave;
import dev.ariadne.agent.reference.ToneAnalysis;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MuLawCodecTests {

    @Test
    void muLawMatchesG711ReferenceValues() {
        assertThat(MuLaw.encode(0)).isEqualTo((byte) 0xff);
        assertThat(MuLaw.decode((byte) 0xff)).isEqualTo((short) 0);
        assertThat(MuLaw.decode((byte) 0x00)).isEqualTo((short) -32124);
        assertThat(MuLaw.decode((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(MuLaw.encode(32767)).isEqualTo((byte) 0x80);
        assertThat(MuLaw.encode(-32768)).isEqualTo((byte) 0x00);
    }

    @Test
    void muLawRoundTripErrorStaysWithinTheQuantisationStep() {
        for (int s = -32768; s <= 32767; s += 7) {
            int back = MuLaw.decode(MuLaw.encode(s));
            int clipped = Math.max(-32635, Math.min(32635, s));
            // G.711 steps grow with the magnitude: at most 1/16 of the value plus the smallest step.
            assertThat(Math.abs(back - clipped)).as("sample %d", s).isLessThanOrEqualTo(Math.abs(clipped) / 16 + 8);
        }
    }

    @Test
    void aToneSurvivesEncodeAndDecodeWithItsFrequencyAndLevel() {
        MuLawCodec codec = new MuLawCodec();
        SineWave sine = new SineWave(440, 16000, 0.3);
        byte[] decoded = new byte[0];
        for (int i = 0; i < 50; i++) {
            byte[] ulaw = codec.encode(sine.next(320));
            assertThat(ulaw).hasSize(160);
            byte[] pcm = codec.decode(ulaw);
            assertThat(pcm).hasSize(640);
            decoded = concat(decoded, pcm);
        }
        short[] samples = Arrays.copyOfRange(ToneAnalysis.samples(decoded), 640, 16000);
        assertThat(ToneAnalysis.dominantFrequency(samples, 16000, 300, 440, 1000, 3000)).isEqualTo(440);
        assertThat(ToneAnalysis.purity(samples, 16000, 440)).isGreaterThan(0.95);
        assertThat(ToneAnalysis.rmsDbfs(samples)).isCloseTo(20 * Math.log10(0.3 / Math.sqrt(2)), within(0.5));
    }

    @Test
    void decimationPassesTheTelephoneBandAndRejectsWhatWouldAlias() {
        assertThat(decimatedLevel(3000)).isCloseTo(1.0, within(0.12));
        assertThat(decimatedLevel(1000)).isCloseTo(1.0, within(0.02));
        // 6 kHz would fold to 2 kHz at 8 kHz sampling.
        assertThat(decimatedLevel(6000)).isLessThan(0.01);
    }

    @Test
    void interpolationLeavesNoImageAboveFourKilohertz() {
        HalfBandResampler up = HalfBandResampler.create();
        short[] narrow = ToneAnalysis.samples(new SineWave(1000, 8000, 0.5).next(8000));
        short[] wide = Arrays.copyOfRange(up.interpolate(narrow), 1000, 16000);
        assertThat(ToneAnalysis.purity(wide, 16000, 1000)).isGreaterThan(0.98);
        // The image of 1 kHz after zero-stuffing sits at 7 kHz.
        assertThat(ToneAnalysis.power(wide, 16000, 7000)).isLessThan(ToneAnalysis.power(wide, 16000, 1000) * 1e-4);
    }

    private static double decimatedLevel(double hz) {
        HalfBandResampler down = HalfBandResampler.create();
        short[] wide = ToneAnalysis.samples(new SineWave(hz, 16000, 0.5).next(16000));
        short[] narrow = Arrays.copyOfRange(down.decimate(wide), 500, 8000);
        return ToneAnalysis.rms(narrow) / (0.5 / Math.sqrt(2));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
