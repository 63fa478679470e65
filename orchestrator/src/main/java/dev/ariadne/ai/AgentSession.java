package dev.ariadne.ai;

import io.netty.buffer.ByteBuf;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One call's open WebSocket session to its agent. Audio, {@code clear} and {@code mark} go to the
 * {@link AudioSink} given to {@link #start}, on the connection's event loop and in arrival order; every other
 * message goes to {@link #events()}. Sending methods never block: audio towards a backed-up agent is dropped,
 * oldest first, and counted; everything sent after the session closed is ignored.
 */
public interface AgentSession {

    /** Where the agent's audio goes. Called on the connection's event loop; must not block. */
    interface AudioSink {

        /** Agent audio as PCM s16le 16 kHz mono, any length; valid during the call only (copy what you keep). */
        void audio(ByteBuf pcmLe);

        /** Barge-in: drop the audio queued for playout. */
        void clear();

        /** Report {@code name} back once the audio received before it has played. */
        void mark(String name);
    }

    /**
     * Starts delivering audio, clears and marks to {@code sink} (once). What arrived before is buffered (bounded
     * by {@code ariadne.agent.max-pending-events}) and delivered first.
     */
    void start(AudioSink sink);

    /**
     * Sends the opening messages ({@code start}; Twilio profile {@code connected} and {@code start}) with the
     * spec's metadata and {@code details} added (they win), once, for a session opened with
     * {@link AgentSessionSpec#startOnOpen()} false; does nothing for one that started on open.
     */
    void sendStart(java.util.Map<String, Object> details);

    /** Control events from the agent (not audio, clear or mark); single subscriber; ends after {@link AgentEvent.Closed}. */
    Flux<AgentEvent> events();

    /**
     * Sends one 20 ms frame of caller audio (PCM s16le 16 kHz, 640 bytes). Takes ownership of {@code frameLe}.
     * Cheapest on the connection's event loop; from other threads it is handed over.
     */
    void sendAudio(ByteBuf frameLe);

    /** Tells the agent the caller pressed {@code digit}. */
    void sendDtmf(String digit);

    /** Echoes the agent's mark {@code name}: the audio it sent before the mark has been played. */
    void sendMarkPlayed(String name);

    /**
     * Sends {@code stop} with the reason and cause (only if {@code start} was sent), then closes with the reason;
     * completes when the session is closed.
     */
    Mono<Void> stop(String reason, String cause);

    /** Closes normally (1000); idempotent; completes when the session is closed. */
    Mono<Void> close();

    /** Why the session closed, or null while it is open. */
    String closeReason();

    /** Audio frames dropped because the agent did not keep up (or the session had closed). */
    long droppedAudioFrames();
}
