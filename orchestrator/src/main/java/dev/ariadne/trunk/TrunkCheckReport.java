package dev.ariadne.trunk;

import java.util.List;

/**
 * What a trunk check found, step by step, with a troubleshooting hint for each failure.
 *
 * @param ok whether everything tried worked (reachable, and registered if credentials were given)
 * @param source the address the check's requests left from (the orchestrator's, not Asterisk's)
 * @param resolved the host's addresses; the first is the one the check used
 * @param reachable whether anything answered OPTIONS (any response, even an error, is a SIP server there)
 * @param roundTripMs OPTIONS: first send to final response, in milliseconds
 * @param hints what to look at, one per failure, in the order found
 * @param asteriskQualified health checks only: whether Asterisk accepted the request to qualify the trunk now (false
 *     without AMI, or when Asterisk has not loaded the trunk); null for a validation
 */
public record TrunkCheckReport(
        boolean ok,
        String host,
        int port,
        String transport,
        String source,
        List<String> resolved,
        boolean reachable,
        Double roundTripMs,
        Step options,
        Registration registration,
        List<String> hints,
        Boolean asteriskQualified) {

    /** The same report, saying whether Asterisk was asked to qualify too. */
    public TrunkCheckReport withAsteriskQualified(boolean qualified) {
        return new TrunkCheckReport(ok, host, port, transport, source, resolved, reachable, roundTripMs, options,
                registration, hints, qualified);
    }

    /**
     * One request's outcome.
     *
     * @param result {@code ok}, {@code timeout}, {@code refused} (nothing listens), {@code tls_failed},
     *     {@code dns_failed}, {@code address_denied}, or {@code error}
     */
    public record Step(String result, Integer sipStatus, String reason) {}

    /**
     * The REGISTER's outcome.
     *
     * @param result {@code ok}, {@code auth_failed} (401/403/407 after answering the challenge), {@code rejected}
     *     (any other final failure), {@code timeout}, or {@code not_tried} (no username, or the host not reached)
     * @param challenged whether the carrier asked for credentials first
     */
    public record Registration(String result, Integer sipStatus, String reason, boolean challenged) {
        static final Registration NOT_TRIED = new Registration("not_tried", null, null, false);
    }
}
