package dev.ariadne.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealTimeScheduleTests {

    private static final long MS = 1_000_000;
    private final RealTimeSchedule schedule = new RealTimeSchedule();

    @Test
    void anAgentSpeakingInRealTimeIsNeverHeldBackEvenWithJitter() {
        long[] arrivals = {0, 20, 43, 58, 81, 99, 120, 141};
        for (long t : arrivals) {
            assertThat(schedule.mayPlay(t * MS)).as("frame arriving at %d ms", t).isTrue();
            schedule.played(t * MS, true);
        }
        assertThat(schedule.resyncs()).isZero();
    }

    @Test
    void aBurstPassesUpToTheToleranceThenLeavesOneFramePerSlot() {
        List<Long> sent = drain(0, 8, 1);
        // 1 + 3 frames of tolerance at once; then each slot opens 60 ms early: 20 ms apart from then on.
        assertThat(sent).containsExactly(0L, 0L, 0L, 0L, 20L, 40L, 60L, 80L);
    }

    @Test
    void jitterWithinTheToleranceAddsNoLatency() {
        long[] arrivals = {0, 20, 40, 100, 101, 102, 103, 160, 180};
        for (long t : arrivals) {
            assertThat(schedule.mayPlay(t * MS)).as("frame arriving at %d ms", t).isTrue();
            schedule.played(t * MS, t != 101 && t != 102 && t != 103);
        }
    }

    @Test
    void aShortStallIsCaughtUpFasterThanRealTime() {
        schedule.played(0, true);
        for (long t = 20; t <= 100; t += 20) { // queued audio, on schedule
            assertThat(schedule.mayPlay(t * MS)).isTrue();
            schedule.played(t * MS, false);
        }
        // The loop stalls 100 ms: at 220 ms the frames of the slots 120..220 are all due at once.
        int atOnce = 0;
        while (schedule.mayPlay(220 * MS) && atOnce < 20) {
            schedule.played(220 * MS, false);
            atOnce++;
        }
        assertThat(atOnce).as("5 slots behind + the due one + 3 of tolerance").isEqualTo(9);
        assertThat(schedule.resyncs()).isZero();
    }

    @Test
    void aLongStallRestartsTheScheduleInsteadOfBursting() {
        schedule.played(0, true);
        schedule.played(20 * MS, false);
        schedule.played(5_000 * MS, false);
        assertThat(schedule.resyncs()).isEqualTo(1);
        int atOnce = 0;
        while (schedule.mayPlay(5_000 * MS) && atOnce < 300) {
            schedule.played(5_000 * MS, false);
            atOnce++;
        }
        assertThat(atOnce).as("the tolerance only, not 5 s of audio").isEqualTo(3);
    }

    @Test
    void aTalkspurtStartsAfterAWholeSlotWithoutAudio() {
        assertThat(schedule.played(0, true)).as("first frame").isTrue();
        assertThat(schedule.played(20 * MS, true)).isFalse();
        assertThat(schedule.played(45 * MS, true)).as("5 ms late: jitter, not silence").isFalse();
        assertThat(schedule.played(200 * MS, true)).as("after 135 ms of silence").isTrue();
    }

    // Frames queued at once at `start` (ms); polls every `step` ms; returns when each left, in ms.
    private List<Long> drain(long start, int frames, long step) {
        List<Long> sent = new ArrayList<>();
        boolean first = true;
        for (long t = start; sent.size() < frames; t += step) {
            while (sent.size() < frames && schedule.mayPlay(t * MS)) {
                schedule.played(t * MS, first);
                first = false;
                sent.add(t);
            }
        }
        return sent;
    }
}
