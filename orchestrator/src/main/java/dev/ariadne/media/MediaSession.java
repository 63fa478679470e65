package dev.ariadne.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import reactor.core.publisher.Mono;

/**
 * One call's media: RTP with Asterisk on one side, little-endian slin16 PCM for the AI agent on the other.
 * Asterisk sends L16 mono at 16 kHz (slin16, its payload type 118); the agent's audio goes back to Asterisk as
 * L16 mono at 8 kHz on the static payload type 11, because Asterisk's UnicastRTP channel silently drops
 * dynamic payload types it receives, 118 included.
 *
 * <p>The session lives on one {@link #eventLoop() event loop}: its socket, its pacing and its listener all run
 * there. Put the call's agent connection on the same loop and a frame crosses from one socket to the other on
 * one thread. The agent-side methods ({@link #toCaller}, {@link #clear}, {@link #mark}) may be called from any
 * thread and never block; on the loop they run at once, from elsewhere they are handed to it.
 *
 * <p>Agent audio is paced in real time: a frame that arrives when the previous one has played goes out at once
 * (no waiting for a clock tick); audio sent faster than real time waits in the playout queue and leaves one
 * frame per 20 ms.
 */
public interface MediaSession {

    /** Samples per second. */
    int SAMPLE_RATE = 16_000;
    /** Frame duration in milliseconds. */
    int FRAME_MILLIS = 20;
    /** Samples per frame (and the RTP timestamp increment of the packets Asterisk sends). */
    int FRAME_SAMPLES = SAMPLE_RATE * FRAME_MILLIS / 1000;
    /** Bytes per frame: 16-bit samples. */
    int FRAME_BYTES = FRAME_SAMPLES * 2;
    /** The codec name, as Asterisk calls it. */
    String CODEC = "slin16";

    /** Receives a session's output on its event loop. Must not block. */
    interface Listener {

        /**
         * One frame of caller audio (little-endian slin16, 640 bytes for Asterisk's 20 ms packets). The listener
         * owns the buffer and must release it.
         */
        void callerAudio(ByteBuf pcmLe);

        /** The audio queued before mark {@code name} has been sent (or dropped); in order. */
        void markPlayed(String name);
    }

    /** The local UDP port Asterisk must send to. */
    int localPort();

    /** {@code host:port} for ARI's {@code external_host} parameter. */
    String externalHost();

    /** The event loop this session runs on. */
    EventLoop eventLoop();

    /**
     * Where to send the agent's audio: Asterisk's {@code UNICASTRTP_LOCAL_ADDRESS}:{@code UNICASTRTP_LOCAL_PORT}.
     * Until called, audio goes to the source of the first received packet (symmetric RTP), and is held in the
     * playout queue while no packet has arrived.
     */
    void remote(InetSocketAddress asteriskRtp);

    /**
     * Starts delivering caller audio and played marks to {@code listener} (once per session). Caller audio that
     * arrived before is buffered (a bounded number of frames, the oldest dropped beyond that, counted in
     * {@link MediaStats#droppedInbound()}) and delivered first.
     */
    void start(Listener listener);

    /**
     * Queues agent audio (little-endian slin16) of any length, odd byte counts included: bytes are re-framed
     * into 20 ms frames across calls. Copies the readable bytes; the caller keeps ownership of {@code pcmLe}.
     * When the playout queue is full the oldest frames are dropped.
     */
    void toCaller(ByteBuf pcmLe);

    /** {@link #toCaller(ByteBuf)} for an array. */
    default void toCaller(byte[] pcmLe, int offset, int length) {
        toCaller(Unpooled.wrappedBuffer(pcmLe, offset, length));
    }

    /**
     * Barge-in: drops all queued audio at once, including an incomplete frame. Marks queued behind the dropped
     * audio are not lost: they are played at once, as Twilio Media Streams does on {@code clear}.
     */
    void clear();

    /**
     * Queues a mark behind the audio queued so far; it is reported to the listener once all that audio has
     * been sent (or dropped). An incomplete trailing frame is completed with silence so that it plays.
     */
    void mark(String name);

    /**
     * {@link System#nanoTime()} when the first frame of agent audio was sent to Asterisk, or 0 before that: the
     * end of a call's setup as the caller experiences it.
     */
    long firstAudioOutNanos();

    /** Counters so far (also valid after close). */
    MediaStats stats();

    /**
     * Stops sending, closes the UDP socket and releases the port. Teardown starts when this is called, whether
     * or not the result is subscribed; idempotent: every call returns the same completion.
     */
    Mono<Void> close();
}
