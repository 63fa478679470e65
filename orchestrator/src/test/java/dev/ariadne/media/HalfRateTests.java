package dev.ariadne.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import org.junit.jupiter.api.Test;

// The 16 kHz -> 8 kHz step in front of Asterisk: the tone keeps its pitch and level, what cannot be
// represented at 8 kHz is filtered out instead of folding back into the band, and frames join seamlessly.
class HalfRateTests {

    private static final int FRAME = MediaSession.FRAME_SAMPLES;
    private static final int OUT_RATE = MediaSession.SAMPLE_RATE / 2;

    @Test
    void aToneKeepsItsFrequencyAndLevelAtHalfTheRate() {
        short[] out = run(new HalfRate(), Audio.tone(1000, 25 * FRAME));
        short[] settled = java.util.Arrays.copyOfRange(out, HalfRate.TAPS, out.length);

        assertThat(out).hasSize(25 * FRAME / 2);
        double at1000 = Audio.power(settled, 1000, OUT_RATE);
        assertThat(at1000).isGreaterThan(1000 * Audio.power(settled, 500, OUT_RATE));
        assertThat(at1000).isGreaterThan(1000 * Audio.power(settled, 2000, OUT_RATE));
        int peak = 0;
        for (short s : settled) {
            peak = Math.max(peak, Math.abs(s));
        }
        assertThat(peak).as("amplitude 8000 in, passband gain about 1").isBetween(7600, 8400);
    }

    @Test
    void audioAboveFourKilohertzIsRemovedRatherThanAliased() {
        // 6 kHz would fold to 2 kHz without the low-pass filter.
        short[] in = Audio.tone(6000, 25 * FRAME);
        short[] out = run(new HalfRate(), in);
        short[] settled = java.util.Arrays.copyOfRange(out, HalfRate.TAPS, out.length);
        short[] reference = run(new HalfRate(), Audio.tone(2000, 25 * FRAME));

        assertThat(Audio.power(settled, 2000, OUT_RATE))
                .isLessThan(1e-4 * Audio.power(reference, 2000, OUT_RATE));
    }

    @Test
    void framesAreFilteredAsOneContinuousSignalUntilReset() {
        short[] tone = Audio.tone(700, 4 * FRAME);
        HalfRate streamed = new HalfRate();
        short[] whole = run(streamed, tone);

        HalfRate restarted = new HalfRate();
        run(restarted, Audio.tone(3000, 2 * FRAME));
        restarted.reset();
        assertThat(run(restarted, tone)).as("reset forgets the earlier frames").containsExactly(whole);

        HalfRate carried = new HalfRate();
        run(carried, Audio.tone(3000, 2 * FRAME));
        assertThat(run(carried, tone)).as("without reset the history shapes the next frame").isNotEqualTo(whole);
    }

    @Test
    void acceptsOnlyWholeFrames() {
        assertThatThrownBy(() -> new HalfRate().writeBigEndian(new byte[100], Unpooled.buffer()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static short[] run(HalfRate halfRate, short[] pcm) {
        ByteBuf out = Unpooled.buffer();
        for (int from = 0; from + FRAME <= pcm.length; from += FRAME) {
            byte[] frameLe = Audio.swap(Audio.bigEndian(pcm, from, FRAME));
            halfRate.writeBigEndian(frameLe, out);
        }
        return Audio.fromBigEndian(ByteBufUtil.getBytes(out));
    }
}
