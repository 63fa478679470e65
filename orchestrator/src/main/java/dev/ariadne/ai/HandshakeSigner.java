package dev.ariadne.ai;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs an agent handshake so that the agent can tell it comes from Ariadne: {@code X-Ariadne-Signature:
 * t=<unix seconds>,v1=<hex HMAC-SHA256(signing secret, t + "." + callId)>}. Agents verify it as the reference
 * agent's {@code HandshakeSignature} does (and the README shows).
 */
final class HandshakeSigner {
    static final String HEADER = "X-Ariadne-Signature";

    private HandshakeSigner() {}

    static String header(String secret, String callId, long epochSeconds) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal((epochSeconds + "." + callId).getBytes(StandardCharsets.UTF_8));
            return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
