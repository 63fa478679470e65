package dev.ariadne.agent.reference;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How an agent checks that a WebSocket handshake really comes from Ariadne: the header
 * {@code X-Ariadne-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + callId)>}, where callId is
 * the {@code X-Ariadne-Call-Id} header and the secret is the agent's signing secret (its UTF-8 text). A
 * signature older or newer than {@link #TOLERANCE} is refused, so a captured handshake cannot be replayed later.
 */
public final class HandshakeSignature {
    public static final String HEADER = "X-Ariadne-Signature";
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private HandshakeSignature() {}

    /** Null when the signature is valid, else why not (for the log; the agent answers 401 either way). */
    public static String verify(String secret, String header, String callId, Instant now) {
        if (header == null || callId == null) {
            return "no " + HEADER + " or X-Ariadne-Call-Id header";
        }
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String p = part.strip();
            if (p.startsWith("t=")) {
                t = p.substring(2);
            } else if (p.startsWith("v1=")) {
                v1 = p.substring(3);
            }
        }
        if (t == null || v1 == null || !t.matches("\\d{1,12}")) {
            return "malformed " + HEADER;
        }
        long skew = Math.abs(now.getEpochSecond() - Long.parseLong(t));
        if (skew > TOLERANCE.toSeconds()) {
            return "stale signature (" + skew + " s from now)";
        }
        byte[] expected = hmac(secret, t + "." + callId);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(v1);
        } catch (IllegalArgumentException e) {
            return "malformed " + HEADER;
        }
        // Constant time: the comparison must not tell a forger how many leading bytes were right.
        return MessageDigest.isEqual(expected, given) ? null : "signature does not match";
    }

    static byte[] hmac(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
