package dev.ariadne.call;

import java.time.Instant;
import java.util.UUID;

/**
 * One call as recorded: who, where, when, how it ended and how its media fared.
 *
 * @param status inbound: routing, rejected, answered, completed or failed; outbound: dialing, ringing, answered,
 *     completed, failed or canceled
 * @param cause why the call ended, e.g. caller_hangup, agent_hangup, agent_unreachable, unknown_number, busy,
 *     draining (refused while the node shuts down), orchestrator_shutdown (ended by the drain timeout)
 * @param causeCode the Q.850 cause Asterisk reported or was given
 * @param sourceAddress the signalling address (host:port) an inbound call came from
 * @param source how the call reached the person: {@code sip} (an Asterisk channel) or {@code twilio}
 * @param twilioCallSid Twilio's CallSid of a call with source twilio
 * @param firstAudioMs from the phone leg being up (StasisStart inbound, the answer outbound) to the first agent
 *     audio sent to it, in milliseconds
 * @param attempts an outbound call's tries, trunk by trunk; null where a listing leaves them out
 * @param quality the E-model quality estimate, set when the call ends (null without media)
 * @param cost billed seconds / 60 at the trunk's costPerMinute when the call ended; null when the trunk has no price
 * @param billedSeconds answer to end rounded up to whole seconds (0 if never answered), set when the call ends
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
        String source,
        String twilioCallSid,
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
        String traceId,
        java.util.List<Attempt> attempts,
        Quality quality,
        Integer billedSeconds,
        java.math.BigDecimal cost) {

    /**
     * The E-model estimate of the call's voice quality (see {@code stats.QualityScore}); null without media.
     *
     * @param rFactor 0 (unusable) to 100
     * @param mos the mean opinion score it maps to, 1 to 4.5
     */
    public record Quality(double rFactor, double mos) {}

    /** Media statistics of the call's relay (RTP from and to Asterisk). */
    public record Media(long framesIn, long framesOut, long framesLost, long framesLate, long framesDropped,
            Double jitterMs) {
        public static final Media NONE = new Media(0, 0, 0, 0, 0, null);
    }

    public boolean active() {
        return endedAt == null;
    }

    public CallRecord withAttempts(java.util.List<Attempt> list) {
        return new CallRecord(id, tenantId, trunkId, numberId, agentId, direction, from, to, sipCallId, sourceAddress,
                source, twilioCallSid, channelId, status, cause, causeCode, rejectReason, codec, startedAt, answeredAt, endedAt, firstAudioMs,
                media, agentCloseReason, traceId, java.util.List.copyOf(list), quality, billedSeconds, cost);
    }

    /**
     * One try of an outbound call on one trunk, or on Twilio (route {@code twilio}, the last resort).
     *
     * @param sipStatus the SIP response that ended it (null when answered, canceled by Ariadne, or never sent)
     * @param causeCode its Q.850 cause
     * @param outcome answered, or why it ended (see {@code AttemptOutcome}): e.g. busy, no_answer, carrier_error
     * @param failedOver whether Ariadne tried the next trunk after it
     */
    public record Attempt(int attempt, String route, UUID trunkId, String twilioCallSid, Instant startedAt, Instant endedAt, Integer sipStatus,
            Integer causeCode, String outcome, boolean failedOver, String sipCallId) {}
}
