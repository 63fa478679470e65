package dev.ariadne.call;

import java.time.Instant;
import java.util.UUID;

/**
 * One call as recorded: who, where, when, how it ended and how its media fared.
 *
 * @param status routing, rejected, answered, completed or failed
 * @param cause why the call ended, e.g. caller_hangup, agent_hangup, agent_unreachable, unknown_number, busy
 * @param causeCode the Q.850 cause Asterisk reported or was given
 * @param sourceAddress the signalling address (host:port) an inbound call came from
 * @param firstAudioMs from StasisStart to the first agent audio sent towards the caller, in milliseconds
 */
public record CallRecord(
        UUID id,
        UUID tenantId,
        UUID trunkId,
        UUID numberId,
        UUID agentId,
        String direction,
        String from,
        String to,
        String sipCallId,
        String sourceAddress,
        String channelId,
        String status,
        String cause,
        Integer causeCode,
        String rejectReason,
        String codec,
        Instant startedAt,
        Instant answeredAt,
        Instant endedAt,
        Integer firstAudioMs,
        Media media,
        String agentCloseReason,
        String traceId) {

    /** Media statistics of the call's relay (RTP from and to Asterisk). */
    public record Media(long framesIn, long framesOut, long framesLost, long framesLate, long framesDropped,
            Double jitterMs) {
        public static final Media NONE = new Media(0, 0, 0, 0, 0, null);
    }

    public boolean active() {
        return endedAt == null;
    }
}
