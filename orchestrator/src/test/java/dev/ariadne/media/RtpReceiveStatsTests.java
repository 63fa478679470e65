package dev.ariadne.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RtpReceiveStatsTests {

    private static final long FRAME_NANOS = 20_000_000L;
    private final RtpReceiveStats stats = new RtpReceiveStats();

    @Test
    void aSequenceGapOfThreeCountsThreeLost() {
        receive(10, 11, 12, 16, 17);

        assertThat(stats.lost()).isEqualTo(3);
        assertThat(stats.received()).isEqualTo(5);
        assertThat(stats.late()).isZero();
    }

    @Test
    void wraparoundIsNotLoss() {
        receive(65533, 65534, 65535, 0, 1, 2);

        assertThat(stats.lost()).isZero();
        assertThat(stats.late()).isZero();
    }

    @Test
    void lossAcrossWraparoundIsCounted() {
        receive(65534, 65535, 2);

        assertThat(stats.lost()).isEqualTo(2);
    }

    @Test
    void aLatePacketIsCountedLateAndNoLongerLost() {
        receive(1, 2, 4, 3, 5);

        assertThat(stats.late()).isEqualTo(1);
        assertThat(stats.lost()).isZero();
    }

    @Test
    void aNewSsrcStartsANewSequenceSpaceAndKeepsEarlierLoss() {
        stats.onPacket(100, 0, 1, 0);
        stats.onPacket(102, 320, 1, FRAME_NANOS);
        stats.onPacket(5000, 0, 2, 2 * FRAME_NANOS);
        stats.onPacket(5001, 320, 2, 3 * FRAME_NANOS);

        assertThat(stats.lost()).isEqualTo(1);
        assertThat(stats.late()).isZero();
    }

    @Test
    void jitterIsZeroForPerfectlyTimedPackets() {
        for (int i = 0; i < 50; i++) {
            stats.onPacket(i, 320L * i, 1, FRAME_NANOS * i);
        }

        assertThat(stats.jitterMillis()).isCloseTo(0.0, within(0.01));
    }

    @Test
    void jitterFollowsRfc3550ForAlternatingDelay() {
        // Every other packet arrives 4 ms late: |D| is 4 ms for each pair after the first, J converges to 4 ms.
        for (int i = 0; i < 400; i++) {
            long delay = (i % 2 == 1) ? 4_000_000L : 0;
            stats.onPacket(i, 320L * i, 1, FRAME_NANOS * i + delay);
        }

        assertThat(stats.jitterMillis()).isCloseTo(4.0, within(0.1));
    }

    private void receive(int... sequences) {
        long ts = 0;
        long arrival = 0;
        for (int seq : sequences) {
            stats.onPacket(seq, ts, 42, arrival);
            ts += 320;
            arrival += FRAME_NANOS;
        }
    }
}
