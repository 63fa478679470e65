package dev.ariadne.media;

import java.util.concurrent.TimeUnit;

// When the next frame of agent audio may leave: a real-time schedule with one frame slot per 20 ms, kept by one
// session on its event loop. Pure arithmetic on System.nanoTime() values, so it is tested without a clock.
//
// It is the generic cell rate algorithm with a tolerance: `due` is when the next frame's slot starts; a frame
// may leave up to EARLY (three frames) before it. That passes an agent's network jitter straight through instead
// of turning it into a standing queue (a queue that, fed in real time, would never drain again), at the price of
// bursts of at most four frames towards Asterisk, which its RTP peer's jitter buffer absorbs.
// - The schedule is anchored: a frame that is late (its slot has passed) does not move the slots after it. So
//   when an agent's stream stalls (its network, its host, this loop) and then arrives in a burst, the frames of
//   the slots that went by leave at once instead of queueing behind each other for the rest of the call. The
//   catch-up credit is bounded by CATCH_UP (200 ms): later than that, the frames leave as if 200 ms late.
//   After a pause longer than NEW_TALKSPURT (1 s) the schedule restarts from now and only EARLY applies, so an
//   agent that starts a sentence by sending all of it at once bursts at most four frames (a restart with audio
//   waiting is counted as a resync).
// - Queued frames beyond the credit (agents send speech faster than real time) leave one per slot.
// - For a frame that had to wait, with fewer than SHORT_QUEUE behind it, the slot is DRIFT shorter than real time
//   (5 %), so a small queue left by a longer stall drains within seconds. A long queue (an agent that sent a sentence at once) plays at
//   exactly real time; nothing is ever dropped here (an agent that wants its latency back sends clear).
// - A talkspurt starts (RTP marker, filter reset) when two slots went by without audio.
final class RealTimeSchedule {

    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(MediaSession.FRAME_MILLIS);
    static final long EARLY_NANOS = 3 * PERIOD_NANOS;
    static final long CATCH_UP_NANOS = 10 * PERIOD_NANOS;
    static final long NEW_TALKSPURT_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long DRIFT_NANOS = PERIOD_NANOS / 20;
    static final int SHORT_QUEUE = 10;

    private boolean started;
    private long due;
    private long lastPlayed;
    private long resyncs;

    /** Whether a frame may leave at {@code now}. */
    boolean mayPlay(long now) {
        return !started || now - due >= -EARLY_NANOS;
    }

    /**
     * Records that a frame leaves at {@code now} (only after {@link #mayPlay} said so).
     *
     * @param arrivedToEmptyQueue the frame arrived just now, with nothing queued before it
     * @param stillQueued frames waiting after this one
     * @return true when the frame starts a new talkspurt: two slots went by without audio
     */
    boolean played(long now, boolean arrivedToEmptyQueue, int stillQueued) {
        boolean talkspurt = !started || now - lastPlayed >= 2 * PERIOD_NANOS;
        long behind = now - due;
        if (!started || behind > NEW_TALKSPURT_NANOS) {
            if (started && !arrivedToEmptyQueue) {
                resyncs++;
            }
            due = now + PERIOD_NANOS;
        } else if (behind > CATCH_UP_NANOS) {
            due = now - CATCH_UP_NANOS + PERIOD_NANOS;
        } else {
            // A frame that had to wait, with few behind it: slide the schedule back towards the agent's pace.
            due += !arrivedToEmptyQueue && stillQueued < SHORT_QUEUE ? PERIOD_NANOS - DRIFT_NANOS : PERIOD_NANOS;
        }
        started = true;
        lastPlayed = now;
        return talkspurt;
    }

    long resyncs() {
        return resyncs;
    }
}
