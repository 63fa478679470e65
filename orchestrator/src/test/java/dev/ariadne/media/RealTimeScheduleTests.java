package dev.ariadne.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealTimeScheduleTests {

    private static final long MS = 1_000_000;
    private static final int LONG = 100; // frames queued behind: a long queue plays at exactly real time
    private final RealTimeSchedule schedule = new RealTimeSchedule();

    @Test
    void framesOfARealTimeAgentThatArriveInABurstAfterAStallLeaveAtOnceAndAddNoLatencyAfterwards() {
        // An agent speaking in real time (frame k at 20k ms); its stream stalls 180 ms, then frames 10..19 arrive
        // together. Re-anchoring on the first of them would queue the rest behind it for the whole call.
        long[] added = simulate(500, k -> k >= 10 && k <= 19 ? 380 : 20L * k);
        assertThat(java.util.Arrays.stream(added, 0, 500).max().getAsLong()).isZero();
        assertThat(schedule.resyncs()).isZero();
    }

    @Test
    void aSmallQueueLeftByALongerStallDrainsWithinSeconds() {
        // 400 ms late (in order, as over TCP: every frame of the stall arrives at once): beyond the catch-up
        // credit; a few frames are left waiting, then drain (5 % short slots).
        long[] added = simulate(500, k -> k >= 10 && k <= 30 ? 600 : 20L * k);
        assertThat(java.util.Arrays.stream(added, 10, 30).max().getAsLong()).as("during").isGreaterThan(0);
        assertThat(java.util.Arrays.stream(added, 250, 500).max().getAsLong()).as("5 s later").isZero();
    }

    @Test
    void audioLateByFarMoreThanTheCreditIsPlayedInFullNotDropped() {
        // 800 ms late: more waits than drains quickly; it plays in full behind the new slots. Nothing is dropped:
        // an agent that wants its latency back sends clear.
        long[] added = simulate(500, k -> k >= 10 && k <= 50 ? 1000 : 20L * k);
        assertThat(java.util.Arrays.stream(added, 10, 500).max().getAsLong()).isBetween(1L, 800L);
    }

    // Plays `frames` frames arriving at arrival(k) ms through the schedule, polling every ms as a loop would;
    // returns how long each waited, in ms.
    private long[] simulate(int frames, java.util.function.IntToLongFunction arrival) {
        java.util.ArrayDeque<Long> queue = new java.util.ArrayDeque<>();
        long[] added = new long[frames];
        int next = 0;
        int played = 0;
        for (long t = 0; played < frames; t++) {
            boolean empty = queue.isEmpty();
            while (next < frames && arrival.applyAsLong(next) <= t) {
                queue.addLast(t);
                next++;
            }
            boolean fresh = empty;
            while (!queue.isEmpty() && schedule.mayPlay(t * MS)) {
                long arrived = queue.pollFirst();
                schedule.played(t * MS, fresh, queue.size());
                fresh = false;
                added[played++] = t - arrived;
            }
        }
        return added;
    }


    @Test
    void anAgentSpeakingInRealTimeIsNeverHeldBackEvenWithJitter() {
        long[] arrivals = {0, 20, 43, 58, 81, 99, 120, 141};
        for (long t : arrivals) {
            assertThat(schedule.mayPlay(t * MS)).as("frame arriving at %d ms", t).isTrue();
            schedule.played(t * MS, true, 0);
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
            schedule.played(t * MS, t != 101 && t != 102 && t != 103, 0);
        }
    }

    @Test
    void aShortStallIsCaughtUpFasterThanRealTime() {
        schedule.played(0, true, 0);
        for (long t = 20; t <= 100; t += 20) { // queued audio, on schedule
            assertThat(schedule.mayPlay(t * MS)).isTrue();
            schedule.played(t * MS, false, LONG);
        }
        // The loop stalls 100 ms: at 220 ms the frames of the slots 120..220 are all due at once.
        int atOnce = 0;
        while (schedule.mayPlay(220 * MS) && atOnce < 20) {
            schedule.played(220 * MS, false, LONG);
            atOnce++;
        }
        assertThat(atOnce).as("5 slots behind + the due one + 3 of tolerance").isEqualTo(9);
        assertThat(schedule.resyncs()).isZero();
    }

    @Test
    void aLongStallRestartsTheScheduleInsteadOfBursting() {
        schedule.played(0, true, 0);
        schedule.played(20 * MS, false, LONG);
        schedule.played(5_000 * MS, false, LONG);
        assertThat(schedule.resyncs()).isEqualTo(1);
        int atOnce = 0;
        while (schedule.mayPlay(5_000 * MS) && atOnce < 300) {
            schedule.played(5_000 * MS, false, LONG);
            atOnce++;
        }
        assertThat(atOnce).as("the tolerance only, not 5 s of audio").isEqualTo(3);
    }

    @Test
    void aTalkspurtStartsAfterTwoSlotsWithoutAudio() {
        assertThat(schedule.played(0, true, 0)).as("first frame").isTrue();
        assertThat(schedule.played(20 * MS, true, 0)).isFalse();
        assertThat(schedule.played(45 * MS, true, 0)).as("5 ms late: jitter, not silence").isFalse();
        assertThat(schedule.played(200 * MS, true, 0)).as("after 135 ms of silence").isTrue();
        assertThat(schedule.played(200 * MS, false, 0)).as("the next frame of that burst").isFalse();
    }

    // Frames queued at once at `start` (ms); polls every `step` ms; returns when each left, in ms.
    private List<Long> drain(long start, int frames, long step) {
        List<Long> sent = new ArrayList<>();
        boolean first = true;
        for (long t = start; sent.size() < frames; t += step) {
            while (sent.size() < frames && schedule.mayPlay(t * MS)) {
                schedule.played(t * MS, first, LONG);
                first = false;
                sent.add(t);
            }
        }
        return sent;
    }
}
