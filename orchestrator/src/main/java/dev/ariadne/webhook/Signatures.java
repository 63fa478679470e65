package dev.ariadne.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook secrets and the {@code Ariadne-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256>} of
 * {@code "<t>.<body>"}, keyed with the secret's text (the scheme of the agents' handshake signature).
 */
final class Signatures {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Signatures() {}

    /** 32 random bytes, URL-safe base64, with the prefix the agents' signing secrets have. */
    static String generate() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Binds the ciphertext to its webhook and to its purpose. */
    static String aad(UUID webhookId) {
        return webhookId + ":webhook-secret";
    }

    static String header(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
