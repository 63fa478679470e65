package dev.ariadne.media;

import java.util.concurrent.TimeUnit;

// When the next frame of agent audio may leave: a real-time schedule with one frame slot per 20 ms, kept by one
// session on its event loop. Pure arithmetic on System.nanoTime() values, so it is tested without a clock.
//
// It is the generic cell rate algorithm with a tolerance: `due` is when the next frame's slot starts; a frame
// may leave up to EARLY (three frames) before it. That passes an agent's network jitter straight through instead
// of turning it into a standing queue (a queue that, fed in real time, would never drain again), at the price of
// bursts of at most four frames towards Asterisk, which its RTP peer's jitter buffer absorbs.
// - A frame that arrives to an empty queue after its slot (a talkspurt starts, or an agent that speaks in real
//   time is a little late) sets the schedule: its slot is now. Nothing is queued behind it, so nothing to catch
//   up on, and no latency is added.
// - Queued frames (agents send speech faster than real time) leave one per slot.
// - Behind by up to CATCH_UP (a stalled loop), queued frames leave faster than real time until the schedule
//   is met again, so a stall does not add latency for the rest of the call. Further behind, the schedule
//   restarts from now (counted as a resync).
// - A jitter spike of an agent that speaks in real time sets the schedule late; from then on its frames arrive
//   early and would be held by as much as the spike, for the rest of the call, as a small standing queue. So
//   while at most SHORT_QUEUE frames wait, slots are DRIFT shorter than real time (5 %): the schedule slides
//   back to the agent's pace and a standing queue drains within seconds. A long queue (an agent that sent a
//   sentence at once) plays at exactly real time.
final class RealTimeSchedule {

    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(MediaSession.FRAME_MILLIS);
    static final long EARLY_NANOS = 3 * PERIOD_NANOS;
    static final long CATCH_UP_NANOS = 10 * PERIOD_NANOS;
    static final long DRIFT_NANOS = PERIOD_NANOS / 20;
    static final int SHORT_QUEUE = 5;

    private boolean started;
    private long due;
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
     * @return true when the frame starts a new talkspurt: at least one whole slot went by without audio
     */
    boolean played(long now, boolean arrivedToEmptyQueue, int stillQueued) {
        long behind = started ? now - due : Long.MAX_VALUE;
        boolean talkspurt = behind >= PERIOD_NANOS;
        if (behind > 0 && arrivedToEmptyQueue) {
            due = now + PERIOD_NANOS;
        } else if (behind > CATCH_UP_NANOS) {
            resyncs++;
            due = now + PERIOD_NANOS;
        } else {
            due += stillQueued < SHORT_QUEUE ? PERIOD_NANOS - DRIFT_NANOS : PERIOD_NANOS;
        }
        started = true;
        return talkspurt;
    }

    long resyncs() {
        return resyncs;
    }
}
