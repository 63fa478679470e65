package dev.ariadne.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QualityScoreTests {

    @Test
    void aCleanG711CallScoresTheModelsBestValue() {
        // d = 10 ms, Id = 0.24, Ie_eff = 0: R = 92.96; MOS = 1 + 3.2536 + 7e-6 * 92.96 * 32.96 * 7.04 = 4.40459
        QualityScore q = QualityScore.estimate(0, 0.0, 0, "ulaw");
        assertThat(q.rFactor()).isCloseTo(92.96, within(1e-9));
        assertThat(q.mos()).isCloseTo(4.40459, within(1e-4));
    }

    @Test
    void lossJitterAndDelayPastTheKneeLowerTheScore() {
        // d = 150 + 40 + 10 = 200; Id = 4.8 + 0.11 * 22.7 = 7.297; Ie_eff = 95 * 2 / 6.3 = 30.15873
        // R = 93.2 - 7.297 - 30.15873 = 55.74427; MOS = 1 + 1.95105 - 7e-6 * 55.74427 * 4.25573 * 44.25573 = 2.87755
        QualityScore q = QualityScore.estimate(2, 20.0, 150, "alaw");
        assertThat(q.rFactor()).isCloseTo(55.74427, within(1e-4));
        assertThat(q.mos()).isCloseTo(2.87755, within(1e-4));
    }

    @Test
    void g729UsesItsOwnImpairmentAndLossRobustness() {
        // d = 10, Id = 0.24; Ie_eff = 11 + 84 * 1 / 20 = 15.2; R = 77.76
        QualityScore q = QualityScore.estimate(1, null, 0, "g729");
        assertThat(q.rFactor()).isCloseTo(77.76, within(1e-9));
    }

    @Test
    void totalLossBottomsOutAtMosOne() {
        QualityScore q = QualityScore.estimate(100, 500.0, 400, "ulaw");
        assertThat(q.rFactor()).isEqualTo(0);
        assertThat(q.mos()).isEqualTo(1);
    }

    @Test
    void lossIsTheShareOfExpectedFramesThatNeverCame() {
        assertThat(QualityScore.lossPercent(98, 2)).isCloseTo(2.0, within(1e-12));
        assertThat(QualityScore.lossPercent(0, 0)).isZero();
    }
}
