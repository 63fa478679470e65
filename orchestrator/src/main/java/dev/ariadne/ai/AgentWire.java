package dev.ariadne.ai;

import java.util.List;

/**
 * One protocol profile's wire format: what is sent for each session action and which event a received
 * message becomes. Outgoing items are {@code byte[]} (binary frame) or {@code String} (text frame).
 */
interface AgentWire {

    /** The opening messages, with the call's metadata for {@code start}. */
    List<Object> opening(java.util.Map<String, Object> start);

    /** True when caller audio travels as raw binary frames of s16le PCM, which need no {@link #audio} call. */
    default boolean binaryAudio() {
        return false;
    }

    Object audio(byte[] frameLe);

    Object dtmf(String digit);

    Object markPlayed(String name);

    Object stop(String reason, String cause);

    /** The reply to a malformed message, or null when the profile has none. */
    Object error(String message);

    AgentEvent text(String text);

    AgentEvent binary(byte[] data);
}
