package dev.ariadne.ai;

import java.util.Objects;

/** What an agent session delivers to the call, in arrival order; {@link Closed} is always the last one. */
public sealed interface AgentEvent {

    /** Agent audio as PCM s16le 16 kHz mono, any length (Twilio profile: already converted from mu-law). */
    record Audio(byte[] pcmLe) implements AgentEvent {
        public Audio {
            Objects.requireNonNull(pcmLe, "pcmLe");
        }
    }

    /** Barge-in: drop audio queued for playout now. */
    record Clear() implements AgentEvent {}

    /** Echo {@code name} back once the audio received before this mark has been played. */
    record Mark(String name) implements AgentEvent {}

    /** Send these DTMF digits to the caller. */
    record Dtmf(String digits) implements AgentEvent {}

    /** Transfer the call to a number or SIP URI. */
    record Transfer(String to) implements AgentEvent {}

    /** End the call. */
    record Hangup(String reason) implements AgentEvent {}

    /** The agent sent something not understood; it was answered with an {@code error} (ariadne.v1). */
    record Malformed(String reason) implements AgentEvent {}

    /** The session ended: the agent's close code and reason, or 1006 when the connection just dropped. */
    record Closed(int code, String reason) implements AgentEvent {}
}
