package dev.ariadne.media;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// The pacing clock of one event loop: every TICK it lets each session of the loop send the agent audio that is
// due. One timer per loop (per core), not one per call: the cost stays flat with the number of calls, and the
// sessions are ticked on the thread that owns them, so a tick hands nothing to another thread.
//
// Ticks only drain queued audio (agents that send faster than real time, or a backlog); a frame that arrives
// when it may play is sent at once by its session, without waiting for a tick.
//
// Confined to its loop, except for the creation.
final class LoopPacer {

    interface Paced {
        void tick(long nowNanos);
    }

    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(MediaSession.FRAME_MILLIS / 2);
    private static final Logger log = LoggerFactory.getLogger(LoopPacer.class);

    private final EventLoop loop;
    private final ArrayList<Paced> sessions = new ArrayList<>();
    private ScheduledFuture<?> timer;
    private long ticks;

    LoopPacer(EventLoop loop) {
        this.loop = Objects.requireNonNull(loop, "loop");
    }

    void register(Paced session) {
        assert loop.inEventLoop();
        sessions.add(session);
        if (timer == null) {
            // Fixed rate: deadlines are start + n * TICK, so scheduling overshoot does not accumulate into drift.
            timer = loop.scheduleAtFixedRate(this::tick, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    void unregister(Paced session) {
        assert loop.inEventLoop();
        sessions.remove(session);
        if (sessions.isEmpty() && timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    long ticks() {
        return ticks;
    }

    private void tick() {
        long now = System.nanoTime();
        ticks++;
        // Indexed: a session may unregister itself while being ticked.
        for (int i = sessions.size() - 1; i >= 0; i--) {
            Paced session = sessions.get(Math.min(i, sessions.size() - 1));
            try {
                session.tick(now);
            } catch (RuntimeException e) {
                // A bug in one session must not stop every call's audio, nor log 100 times a second.
                sessions.remove(session);
                log.error("Media session tick failed; the session is no longer paced", e);
            }
        }
    }
}
