package dev.ariadne.call;

/**
 * How one attempt of an outbound call ended, and whether Ariadne tries the next trunk. Only what says the
 * carrier failed fails over; whatever the callee said or did ends the call, or the person would be rung twice.
 * The README's failover table is this class.
 *
 * @param outcome recorded on the attempt: {@code carrier_auth_failed}, {@code carrier_forbidden},
 *     {@code carrier_timeout}, {@code carrier_error}, {@code no_response}, {@code dial_failed} (all fail over);
 *     {@code busy}, {@code no_answer}, {@code unknown_number}, {@code invalid_number}, {@code rejected_by_callee},
 *     {@code rejected}, {@code canceled} (the call ends with that cause)
 * @param failover whether the next trunk is tried
 */
record AttemptOutcome(String outcome, boolean failover) {

    static final AttemptOutcome NO_RESPONSE = new AttemptOutcome("no_response", true);
    static final AttemptOutcome NO_ANSWER = new AttemptOutcome("no_answer", false);
    static final AttemptOutcome DIAL_FAILED = new AttemptOutcome("dial_failed", true);
    /** Twilio, the last resort, did not place or carry the call (its API refused, or the call failed). */
    static final AttemptOutcome TWILIO_FAILED = new AttemptOutcome("twilio_failed", false);

    /**
     * From the SIP status that ended the attempt (Asterisk's {@code tech_cause}) or, when Asterisk gave none, the
     * Q.850 cause.
     */
    static AttemptOutcome of(Integer sipStatus, int q850) {
        return sipStatus != null && sipStatus >= 300 ? ofSip(sipStatus) : ofQ850(q850);
    }

    static AttemptOutcome ofSip(int status) {
        return switch (status) {
            case 401, 407 -> carrier("carrier_auth_failed"); // still refused after Asterisk answered the challenge
            case 403 -> carrier("carrier_forbidden");
            case 408 -> carrier("carrier_timeout"); // also pjsip's own, when the INVITE got no response at all
            case 486, 600 -> callee("busy");
            case 480 -> callee("no_answer");
            case 404, 410, 604 -> callee("unknown_number");
            case 484, 485 -> callee("invalid_number");
            case 603, 607, 608 -> callee("rejected_by_callee");
            case 487 -> callee("canceled");
            default -> status >= 500 && status < 600 ? carrier("carrier_error") : callee("rejected");
        };
    }

    /** Q.850 causes as chan_pjsip maps SIP responses to them (ast_sip_hangup_sip2cause). */
    static AttemptOutcome ofQ850(int cause) {
        return switch (cause) {
            case 17 -> callee("busy");
            case 19 -> callee("no_answer");
            case 1 -> callee("unknown_number");
            case 28 -> callee("invalid_number");
            case 18 -> carrier("carrier_timeout"); // 408
            // 21 is 401/403/407 and 603 alike: ambiguous, so no failover, or a callee who declined is rung again.
            case 21 -> callee("rejected");
            case 3, 20, 27, 34, 38, 41, 42, 44, 47, 58, 66, 102 -> carrier("carrier_error");
            default -> callee("rejected");
        };
    }

    /** The cause the call record ends with when this attempt was the last. */
    String callCause() {
        return failover || this == TWILIO_FAILED ? "all_trunks_failed" : outcome;
    }

    private static AttemptOutcome carrier(String outcome) {
        return new AttemptOutcome(outcome, true);
    }

    private static AttemptOutcome callee(String outcome) {
        return new AttemptOutcome(outcome, false);
    }
}
