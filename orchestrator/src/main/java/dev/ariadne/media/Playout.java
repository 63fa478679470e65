package dev.ariadne.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

// The agent-to-caller playout queue of one session. Confined to the session's event loop: the agent's frames
// arrive there and the pacing runs there, so nothing here is shared between threads.
//
// Frames are kept in a ring of reusable 640-byte slots that grows on demand up to the capacity (a call whose
// agent speaks in real time never needs more than a few), so a steady call allocates nothing per frame. One
// extra slot holds the frame being filled: agent chunks of any size are re-framed across writes.
//
// A mark does not sit in the ring: it remembers how many frames had been queued before it, and is due once
// that many frames have been sent or dropped.
final class Playout {

    private static final int INITIAL_SLOTS = 8;

    private final int capacity;
    private byte[][] ring = new byte[INITIAL_SLOTS][];
    private int head; // oldest queued frame
    private int count; // queued (complete) frames
    private int partialLength; // bytes in the slot after the last queued frame
    private long enqueued; // frames ever queued
    private long done; // frames ever sent or dropped
    private long dropped;
    private boolean discontinuity;
    private final ArrayDeque<PendingMark> marks = new ArrayDeque<>();

    Playout(int capacityFrames) {
        if (capacityFrames < 1) {
            throw new IllegalArgumentException("capacityFrames must be positive: " + capacityFrames);
        }
        this.capacity = capacityFrames;
    }

    void write(byte[] pcm, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, pcm.length);
        write(Unpooled.wrappedBuffer(pcm, offset, length));
    }

    /** Appends the readable bytes of {@code pcm} (little-endian samples); does not consume or release it. */
    void write(ByteBuf pcm) {
        int position = pcm.readerIndex();
        int end = pcm.writerIndex();
        while (position < end) {
            byte[] slot = tailSlot();
            int n = Math.min(end - position, slot.length - partialLength);
            pcm.getBytes(position, slot, partialLength, n);
            partialLength += n;
            position += n;
            if (partialLength == slot.length) {
                commit();
            }
        }
    }

    // The tail of the audio before a mark must play even if the agent sends nothing after it, so a partial
    // frame is completed with silence.
    void mark(String name) {
        Objects.requireNonNull(name, "name");
        if (partialLength > 0) {
            Arrays.fill(tailSlot(), partialLength, MediaSession.FRAME_BYTES, (byte) 0);
            commit();
        }
        marks.addLast(new PendingMark(enqueued, name));
    }

    // Drops everything queued; pending marks become due at once (Twilio's semantics).
    void clear() {
        partialLength = 0;
        done += count;
        count = 0;
        discontinuity = true;
    }

    /** The next frame to send, or null. The array is a slot of the ring: use it before the next write. */
    byte[] poll() {
        if (count == 0) {
            return null;
        }
        byte[] frame = ring[head];
        head = (head + 1) % ring.length;
        count--;
        done++;
        return frame;
    }

    /** Emits, in order, the marks whose preceding audio has been sent or dropped. */
    void emitDueMarks(Consumer<String> emit) {
        PendingMark mark;
        while ((mark = marks.peekFirst()) != null && mark.after() <= done) {
            marks.pollFirst();
            emit.accept(mark.name());
        }
    }

    boolean hasDueMarks() {
        PendingMark mark = marks.peekFirst();
        return mark != null && mark.after() <= done;
    }

    /** True once after each clear, so the next packet starts a new talkspurt. */
    boolean takeDiscontinuity() {
        boolean d = discontinuity;
        discontinuity = false;
        return d;
    }

    int queuedFrames() {
        return count;
    }

    long dropped() {
        return dropped;
    }

    private void commit() {
        partialLength = 0;
        enqueued++;
        if (count == capacity) {
            // Full: the oldest audio goes, the newest (what the agent says now) stays.
            head = (head + 1) % ring.length;
            count--;
            done++;
            dropped++;
        }
        count++;
    }

    // The slot being filled, after the queued frames; grows the ring when no slot is free for it.
    private byte[] tailSlot() {
        if (count + 1 > ring.length) {
            grow();
        }
        int index = (head + count) % ring.length;
        byte[] slot = ring[index];
        if (slot == null) {
            slot = new byte[MediaSession.FRAME_BYTES];
            ring[index] = slot;
        }
        return slot;
    }

    private void grow() {
        byte[][] bigger = new byte[Math.min(ring.length * 2, capacity + 1)][];
        for (int i = 0; i < ring.length; i++) {
            bigger[i] = ring[(head + i) % ring.length];
        }
        ring = bigger;
        head = 0;
    }

    private record PendingMark(long after, String name) {}
}
