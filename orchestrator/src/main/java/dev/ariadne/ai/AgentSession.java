package dev.ariadne.ai;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One call's open WebSocket session to its agent. Sending methods never block: audio towards a backed-up
 * agent is dropped (bounded queue) and counted, and everything sent after the session closed is ignored.
 */
public interface AgentSession {

    /** Events from the agent; single subscriber; ends after {@link AgentEvent.Closed}. */
    Flux<AgentEvent> events();

    /** Sends one 20 ms frame of caller audio (640 bytes of PCM s16le 16 kHz). Calls must not overlap. */
    void sendAudio(byte[] frameLe);

    /** Tells the agent the caller pressed {@code digit}. */
    void sendDtmf(String digit);

    /** Echoes the agent's mark {@code name}: the audio it sent before the mark has been played. */
    void sendMarkPlayed(String name);

    /** Sends {@code stop} with the reason and cause, then closes; completes when the session is closed. */
    Mono<Void> stop(String reason, String cause);

    /** Closes normally (1000); idempotent; completes when the session is closed. */
    Mono<Void> close();

    /** Why the session closed, or null while it is open. */
    String closeReason();

    /** Audio frames dropped because the agent did not keep up (or the session had closed). */
    long droppedAudioFrames();
}
