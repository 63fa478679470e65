package dev.ariadne.media;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;

// The packets of one pacing tick, grouped by event loop. A writeAndFlush from the pacing thread costs one task
// hand-off (and usually one wake-up) of the channel's event loop per packet; with hundreds of calls on a
// handful of loops that hand-off, not the send itself, dominated the media path's CPU. Here each loop gets one
// task per tick that writes all of its channels' packets.
//
// Pacing thread only.
final class TickBatch {

    private record Pending(Channel channel, Object message) {}

    private final Map<EventLoop, ArrayList<Pending>> byLoop = new IdentityHashMap<>();

    void add(Channel channel, Object message) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(message, "message");
        byLoop.computeIfAbsent(channel.eventLoop(), loop -> new ArrayList<>()).add(new Pending(channel, message));
    }

    /** Hands every loop its packets; the batch is empty afterwards. */
    void flush() {
        if (byLoop.isEmpty()) {
            return;
        }
        for (Map.Entry<EventLoop, ArrayList<Pending>> entry : byLoop.entrySet()) {
            ArrayList<Pending> packets = entry.getValue();
            try {
                entry.getKey().execute(() -> write(packets));
            } catch (RejectedExecutionException e) {
                packets.forEach(p -> ReferenceCountUtil.release(p.message()));
            }
        }
        byLoop.clear();
    }

    // Event loop. A closed channel fails the write and releases the message (void promise: nothing to report).
    private static void write(ArrayList<Pending> packets) {
        for (Pending p : packets) {
            p.channel().write(p.message(), p.channel().voidPromise());
        }
        for (Pending p : packets) {
            p.channel().flush();
        }
    }
}
