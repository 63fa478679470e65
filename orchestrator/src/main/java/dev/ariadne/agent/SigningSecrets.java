package dev.ariadne.agent;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/** Agents' handshake signing secrets: 32 random bytes, URL-safe base64 with a recognisable prefix. */
final class SigningSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SigningSecrets() {}

    static String generate() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Binds the ciphertext to the agent and to its purpose (the token's is the bare id). */
    static String aad(UUID agentId) {
        return agentId + ":signing-secret";
    }
}
