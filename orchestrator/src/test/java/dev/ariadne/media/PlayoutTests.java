package dev.ariadne.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlayoutTests {

    private static final int FRAME = MediaSession.FRAME_BYTES;
    private final List<String> marks = new ArrayList<>();

    @Test
    void reframesOddSizedChunksIntoWholeFramesInOrder() {
        Playout playout = new Playout(50);
        byte[] audio = ramp(3 * FRAME + 100);
        int[] chunks = {1, 999, 281, 3, 636};
        int offset = 0;
        for (int chunk : chunks) {
            playout.write(audio, offset, chunk);
            offset += chunk;
        }

        assertThat(playout.queuedFrames()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(playout.poll()).containsExactly(Arrays.copyOfRange(audio, i * FRAME, (i + 1) * FRAME));
        }
        assertThat(playout.poll()).isNull();
    }

    @Test
    void writeHonoursOffsetAndLength() {
        Playout playout = new Playout(50);
        byte[] audio = ramp(FRAME + 10);

        playout.write(audio, 10, FRAME);

        assertThat(playout.poll()).containsExactly(Arrays.copyOfRange(audio, 10, FRAME + 10));
    }

    @Test
    void overflowDropsTheOldestFramesAndCountsThem() {
        Playout playout = new Playout(3);
        for (int i = 0; i < 5; i++) {
            playout.write(filled(i), 0, FRAME);
        }

        assertThat(playout.dropped()).isEqualTo(2);
        assertThat(playout.queuedFrames()).isEqualTo(3);
        assertThat(playout.poll()).containsExactly(filled(2));
        assertThat(playout.poll()).containsExactly(filled(3));
        assertThat(playout.poll()).containsExactly(filled(4));
    }

    @Test
    void aMarkIsDueOnlyAfterTheAudioQueuedBeforeItWasSent() {
        Playout playout = new Playout(50);
        playout.write(filled(1), 0, FRAME);
        playout.write(filled(2), 0, FRAME);
        playout.mark("a");
        playout.write(filled(3), 0, FRAME);
        playout.mark("b");

        playout.emitDueMarks(marks::add);
        assertThat(marks).isEmpty();
        playout.poll();
        playout.emitDueMarks(marks::add);
        assertThat(marks).isEmpty();
        playout.poll();
        playout.emitDueMarks(marks::add);
        assertThat(marks).containsExactly("a");
        playout.poll();
        playout.emitDueMarks(marks::add);
        assertThat(marks).containsExactly("a", "b");
    }

    @Test
    void aMarkOnAnEmptyQueueIsDueAtOnce() {
        Playout playout = new Playout(50);
        playout.mark("now");

        playout.emitDueMarks(marks::add);

        assertThat(marks).containsExactly("now");
    }

    @Test
    void aMarkCompletesAPartialFrameWithSilence() {
        Playout playout = new Playout(50);
        byte[] audio = ramp(100);
        playout.write(audio, 0, 100);
        playout.mark("end");

        byte[] frame = playout.poll();

        assertThat(Arrays.copyOf(frame, 100)).containsExactly(audio);
        assertThat(Arrays.copyOfRange(frame, 100, FRAME)).containsOnly(0);
        playout.emitDueMarks(marks::add);
        assertThat(marks).containsExactly("end");
    }

    @Test
    void clearDropsQueuedAndPartialAudioAndReleasesPendingMarks() {
        Playout playout = new Playout(50);
        playout.write(ramp(5 * FRAME + 7), 0, 5 * FRAME + 7);
        playout.mark("behind-cleared-audio");
        playout.write(ramp(FRAME), 0, 300);

        playout.clear();

        assertThat(playout.queuedFrames()).isZero();
        assertThat(playout.poll()).isNull();
        assertThat(playout.dropped()).as("clear is not overflow").isZero();
        playout.emitDueMarks(marks::add);
        assertThat(marks).containsExactly("behind-cleared-audio");
        assertThat(playout.takeDiscontinuity()).isTrue();
        assertThat(playout.takeDiscontinuity()).isFalse();

        // The partial frame is gone: new audio starts a fresh frame.
        byte[] next = filled(9);
        playout.write(next, 0, FRAME);
        assertThat(playout.poll()).containsExactly(next);
    }

    @Test
    void marksBehindOverflowedAudioBecomeDue() {
        Playout playout = new Playout(2);
        playout.write(filled(1), 0, FRAME);
        playout.mark("after-1");
        playout.write(filled(2), 0, FRAME);
        playout.write(filled(3), 0, FRAME);

        playout.emitDueMarks(marks::add);

        assertThat(marks).containsExactly("after-1");
    }

    static byte[] ramp(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + i / 256);
        }
        return bytes;
    }

    static byte[] filled(int value) {
        byte[] frame = new byte[FRAME];
        Arrays.fill(frame, (byte) value);
        return frame;
    }
}
