package dev.ariadne.call;

import dev.ariadne.common.Violations;
import dev.ariadne.number.PhoneNumber;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/calls}: whom to call, from which of the tenant's numbers, with which agent, optionally
 * through which trunk. Null fields are missing.
 *
 * @param to an E.164 number (normalized like numbers: {@code 15551234567} and {@code 0015551234567} are
 *     {@code +15551234567}) or a {@code sip:}/{@code sips:} URI, whose host must be one of the tenant's trunks
 * @param from one of the tenant's numbers, the caller id
 * @param agentId the tenant's agent; default the agent of {@code from}
 * @param trunkId pin one trunk (its {@code failoverTrunkId} chain still applies)
 * @param ringTimeoutSeconds 5 to 120; default {@code ariadne.outbound.default-ring-timeout}
 * @param customParameters passed to the agent's {@code start}
 */
public record OutboundCallRequest(String to, String from, UUID agentId, UUID trunkId, Integer ringTimeoutSeconds,
        Map<String, Object> customParameters) {

    static final int MIN_RING = 5;
    static final int MAX_RING = 120;
    // The user part goes into Asterisk's dial string: nothing that could end it or start another (@ / , &).
    private static final Pattern SIP_URI = Pattern.compile(
            "(sips?):([A-Za-z0-9+._~*#-]{1,64})@([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(:\\d{1,5})?(;[^@\\s]*)?");

    /** A SIP URI's parts Ariadne uses. */
    record SipTarget(String user, String host) {}

    /** The validated request: {@code to} normalized, every bad field named at once. */
    public OutboundCallRequest validated() {
        Violations v = new Violations();
        String target = null;
        if (to == null || to.isBlank()) {
            v.add("to", "is required");
        } else if (to.startsWith("sip:") || to.startsWith("sips:")) {
            if (sipTarget(to) == null) {
                v.add("to", "must be a sip: or sips: URI of the form sip:user@host, the user of letters, digits and + . _ ~ * # -");
            } else {
                target = to;
            }
        } else {
            target = PhoneNumber.normalize(to);
            v.check(target != null, "to", "must be an E.164 number ('+', country code, 2 to 15 digits) or a sip:/sips: URI");
        }
        if (from == null) {
            v.add("from", "is required");
        } else {
            v.check(PhoneNumber.isE164(from), "from", "must be one of the tenant's numbers in E.164 ('+', country code, digits)");
        }
        v.check(ringTimeoutSeconds == null || (ringTimeoutSeconds >= MIN_RING && ringTimeoutSeconds <= MAX_RING),
                "ringTimeoutSeconds", "must be between " + MIN_RING + " and " + MAX_RING);
        v.throwIfAny();
        return new OutboundCallRequest(target, from, agentId, trunkId, ringTimeoutSeconds,
                customParameters == null ? Map.of() : customParameters);
    }

    /** The SIP URI target, or null when {@code to} is a number. */
    SipTarget sipTarget() {
        return to != null && (to.startsWith("sip:") || to.startsWith("sips:")) ? sipTarget(to) : null;
    }

    private static SipTarget sipTarget(String uri) {
        Matcher m = SIP_URI.matcher(uri);
        if (!m.matches()) {
            return null;
        }
        String host = m.group(3);
        return new SipTarget(m.group(2), host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
    }

    /**
     * A digest of the request as validated, so that a retry with the same {@code Idempotency-Key} is told from a
     * different request that reuses the key.
     */
    String digest() {
        String canonical = String.join("\u0000", String.valueOf(to), String.valueOf(from), String.valueOf(agentId),
                String.valueOf(trunkId), String.valueOf(ringTimeoutSeconds),
                String.valueOf(customParameters == null ? null : new TreeMap<>(customParameters)));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
