package dev.ariadne.media;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// One real-time clock for every media session of the process: a single thread ticks every 20 ms and lets each
// registered session send at most one frame. One thread instead of one timer per call keeps the cost flat with
// the number of calls and keeps all calls in step.
//
// Ticks are scheduled on absolute System.nanoTime() deadlines (start + n * period), so sleep overshoot does not
// accumulate into drift. After a short stall the missed ticks are run back to back to keep the long-term rate
// exact; after a long one (GC pause, suspended VM) the schedule restarts instead of bursting seconds of audio.
final class PacingClock implements AutoCloseable {

    interface Paced {
        void tick();
    }

    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(MediaSession.FRAME_MILLIS);
    private static final long MAX_CATCH_UP_NANOS = 5 * PERIOD_NANOS;
    private static final Logger log = LoggerFactory.getLogger(PacingClock.class);

    private final List<Paced> sessions = new CopyOnWriteArrayList<>();
    private final TickBatch batch = new TickBatch();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long ticks;
    private volatile long resyncs;

    PacingClock() {
        thread = Thread.ofPlatform().name("ariadne-media-pacer").daemon().unstarted(this::run);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    void register(Paced session) {
        sessions.add(Objects.requireNonNull(session, "session"));
    }

    void unregister(Paced session) {
        sessions.remove(session);
    }

    /** Pacing thread, during a tick: the packets to send once every session has been ticked. */
    TickBatch batch() {
        return batch;
    }

    long ticks() {
        return ticks;
    }

    long resyncs() {
        return resyncs;
    }

    private void run() {
        long next = System.nanoTime() + PERIOD_NANOS;
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait); // may wake early or spuriously: the loop re-checks
                continue;
            }
            for (Paced session : sessions) {
                try {
                    session.tick();
                } catch (RuntimeException e) {
                    // A bug in one session must not stop the clock for every call, nor log 50 times a second.
                    sessions.remove(session);
                    log.error("Media session tick failed; the session is no longer paced", e);
                }
            }
            batch.flush();
            ticks++;
            next += PERIOD_NANOS;
            if (System.nanoTime() - next > MAX_CATCH_UP_NANOS) {
                next = System.nanoTime() + PERIOD_NANOS;
                resyncs++;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
