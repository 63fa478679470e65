package dev.ariadne.agent.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ToneAnalysisTests {

    @Test
    void findsTheDominantFrequencyAmongCandidates() {
        short[] samples = ToneAnalysis.samples(new SineWave(1000, 16000, 0.5).next(16000));
        assertThat(ToneAnalysis.dominantFrequency(samples, 16000, 440, 1000, 2000, 3000)).isEqualTo(1000);
        assertThat(ToneAnalysis.purity(samples, 16000, 1000)).isGreaterThan(0.95);
        assertThat(ToneAnalysis.purity(samples, 16000, 440)).isLessThan(0.01);
    }

    @Test
    void measuresRmsOfASineAsPeakOverRootTwo() {
        short[] samples = ToneAnalysis.samples(new SineWave(440, 8000, 0.5).next(8000));
        assertThat(ToneAnalysis.rms(samples)).isCloseTo(0.5 / Math.sqrt(2), within(0.005));
        assertThat(ToneAnalysis.rmsDbfs(samples)).isCloseTo(-9.03, within(0.1));
        assertThat(ToneAnalysis.rms(new short[160])).isZero();
    }

    @Test
    void sineWaveIsPhaseContinuousAcrossFrames() {
        SineWave sine = new SineWave(1000, 16000, 0.5);
        byte[] joined = new byte[640 * 50];
        for (int i = 0; i < 50; i++) {
            System.arraycopy(sine.next(320), 0, joined, i * 640, 640);
        }
        assertThat(ToneAnalysis.purity(ToneAnalysis.samples(joined), 16000, 1000)).isGreaterThan(0.95);
    }

    @Test
    void muLawRoundTripKeepsATone() {
        byte[] pcm = new SineWave(440, 8000, 0.3).next(8000);
        short[] back = ToneAnalysis.samples(MuLaw.toPcm(MuLaw.fromPcm(pcm)));
        assertThat(ToneAnalysis.purity(back, 8000, 440)).isGreaterThan(0.95);
        assertThat(ToneAnalysis.rms(back)).isCloseTo(0.3 / Math.sqrt(2), within(0.01));
        assertThat(MuLaw.encode((short) 0)).isEqualTo((byte) 0xff);
    }
}
