package dev.ariadne.media;

import java.util.Arrays;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

// The agent-to-caller playout queue of one session.
//
// Producer side (write, mark, clear): called by the call layer, serialized by a private lock so that a
// partially filled frame is never torn; the pacing clock never takes that lock.
// Consumer side (poll, emitDueMarks): called only by the pacing clock thread.
//
// Frames live in a lock-free queue. A mark does not sit in that queue: it remembers how many frames had been
// queued before it, and is due once that many frames have been sent or dropped. Only the pacing thread emits
// marks, so they come out in order and never before the frame that precedes them has been sent.
final class Playout {

    private final int capacity;
    private final Object producerLock = new Object();
    private final Queue<byte[]> frames = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong done = new AtomicLong(); // frames sent or dropped, ever
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean discontinuity = new AtomicBoolean();
    private final Queue<PendingMark> marks = new ConcurrentLinkedQueue<>();

    // Guarded by producerLock.
    private final byte[] partial = new byte[MediaSession.FRAME_BYTES];
    private int partialLength;
    private long enqueued; // frames ever queued

    Playout(int capacityFrames) {
        if (capacityFrames < 1) {
            throw new IllegalArgumentException("capacityFrames must be positive: " + capacityFrames);
        }
        this.capacity = capacityFrames;
    }

    void write(byte[] pcm, int offset, int length) {
        Objects.requireNonNull(pcm, "pcm");
        Objects.checkFromIndexSize(offset, length, pcm.length);
        synchronized (producerLock) {
            int position = offset;
            int end = offset + length;
            while (position < end) {
                int n = Math.min(end - position, partial.length - partialLength);
                System.arraycopy(pcm, position, partial, partialLength, n);
                partialLength += n;
                position += n;
                if (partialLength == partial.length) {
                    enqueue(partial.clone());
                    partialLength = 0;
                }
            }
        }
    }

    // The tail of the audio before a mark must play even if the agent sends nothing after it, so a partial
    // frame is completed with silence.
    void mark(String name) {
        Objects.requireNonNull(name, "name");
        synchronized (producerLock) {
            if (partialLength > 0) {
                byte[] frame = partial.clone();
                Arrays.fill(frame, partialLength, frame.length, (byte) 0);
                enqueue(frame);
                partialLength = 0;
            }
            marks.offer(new PendingMark(enqueued, name));
        }
    }

    // Drops everything queued; pending marks become due and fire on the next tick (Twilio's semantics).
    void clear() {
        synchronized (producerLock) {
            partialLength = 0;
            while (frames.poll() != null) {
                queued.decrementAndGet();
                done.incrementAndGet();
            }
            discontinuity.set(true);
        }
    }

    private void enqueue(byte[] frame) {
        frames.offer(frame);
        enqueued++;
        // Over capacity: the oldest audio goes, the newest (what the agent says now) stays.
        if (queued.incrementAndGet() > capacity) {
            if (frames.poll() != null) {
                queued.decrementAndGet();
                done.incrementAndGet();
                dropped.incrementAndGet();
            }
        }
    }

    /** Pacing thread: the next frame to send, or null when there is none. */
    byte[] poll() {
        byte[] frame = frames.poll();
        if (frame != null) {
            queued.decrementAndGet();
            done.incrementAndGet();
        }
        return frame;
    }

    /** Pacing thread, after sending: emits the marks whose preceding audio has been sent or dropped. */
    void emitDueMarks(Consumer<String> emit) {
        long doneNow = done.get();
        PendingMark mark;
        while ((mark = marks.peek()) != null && mark.after() <= doneNow) {
            marks.poll();
            emit.accept(mark.name());
        }
    }

    /** Pacing thread: true once after each clear, so the next packet starts a new talkspurt. */
    boolean takeDiscontinuity() {
        return discontinuity.get() && discontinuity.getAndSet(false);
    }

    int queuedFrames() {
        return queued.get();
    }

    long dropped() {
        return dropped.get();
    }

    private record PendingMark(long after, String name) {}
}
