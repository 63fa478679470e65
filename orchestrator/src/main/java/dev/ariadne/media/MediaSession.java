package dev.ariadne.media;

import java.net.InetSocketAddress;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One call's media: RTP with Asterisk on one side, little-endian slin16 PCM for the AI agent on the other.
 * Asterisk sends L16 mono at 16 kHz (slin16, its payload type 118); the agent's audio goes back to Asterisk as
 * L16 mono at 8 kHz on the static payload type 11, because Asterisk's UnicastRTP channel silently drops
 * dynamic payload types it receives, 118 included.
 *
 * <p>Agent-side methods ({@link #toCaller}, {@link #clear}, {@link #mark}) are thread-safe and never block;
 * audio is paced out in real time, one 20 ms frame per tick of a clock shared by all sessions.
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

    /** The local UDP port Asterisk must send to. */
    int localPort();

    /** {@code host:port} for ARI's {@code external_host} parameter. */
    String externalHost();

    /**
     * Where to send the agent's audio: Asterisk's {@code UNICASTRTP_LOCAL_ADDRESS}:{@code UNICASTRTP_LOCAL_PORT}.
     * Until called, audio goes to the source of the first received packet (symmetric RTP), and is held in the
     * playout queue while no packet has arrived.
     */
    void remote(InetSocketAddress asteriskRtp);

    /**
     * The caller's audio: one little-endian slin16 frame (640 bytes for Asterisk's 20 ms packets) per received
     * RTP packet. Hot and unicast (one subscriber); buffers a bounded number of frames for a slow subscriber and
     * drops the newest beyond that, counted in {@link MediaStats#droppedInbound()}. Completes on {@link #close()}.
     */
    Flux<byte[]> fromCaller();

    /**
     * Queues agent audio (little-endian slin16) of any length, odd byte counts included: bytes are re-framed
     * into 20 ms frames across calls. When the playout queue is full the oldest frames are dropped.
     */
    void toCaller(byte[] pcmLe, int offset, int length);

    /**
     * Barge-in: drops all queued audio at once, including an incomplete frame. Marks queued behind the dropped
     * audio are not lost: they are emitted on {@link #marksPlayed()} at the next tick (within 20 ms), as Twilio
     * Media Streams does on {@code clear}.
     */
    void clear();

    /**
     * Queues a mark behind the audio queued so far; it is emitted on {@link #marksPlayed()} once all that audio
     * has been sent (or dropped). An incomplete trailing frame is completed with silence so that it plays.
     */
    void mark(String name);

    /** Names of marks whose preceding audio has been sent, in order. Unicast; completes on {@link #close()}. */
    Flux<String> marksPlayed();

    /**
     * {@link System#nanoTime()} when the first frame of agent audio was sent to Asterisk, or 0 before that: the
     * end of a call's setup as the caller experiences it.
     */
    long firstAudioOutNanos();

    /** Counters so far (also valid after close). */
    MediaStats stats();

    /**
     * Stops sending, closes the UDP socket and releases the port, then completes {@link #fromCaller()} and
     * {@link #marksPlayed()}. Teardown starts when this is called, whether or not the result is subscribed;
     * idempotent: every call returns the same completion.
     */
    Mono<Void> close();
}
