package dev.ariadne.call;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The one-time tokens that match a Twilio Media Stream to the call waiting for it: a call answered with a
 * {@code <Connect><Stream>} (or placed through Twilio) registers a random token, Twilio sends it back in the
 * stream's {@code start}, and the first stream that presents it takes the call; the token is gone after that, or
 * after it expires. Tokens are 256 random bits: a stream cannot guess its way into a call.
 */
@Component
class TwilioStreams {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(CallSession call, long expiresNanos) {}

    /** A token for {@code call}'s stream, valid for {@code ttl}. */
    String expect(CallSession call, Duration ttl) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        long now = System.nanoTime();
        pending.values().removeIf(p -> p.expiresNanos() < now);
        String previous = call.streamToken;
        if (previous != null) {
            pending.remove(previous);
        }
        call.streamToken = token;
        pending.put(token, new Pending(call, now + ttl.toNanos()));
        return token;
    }

    /** The call the token was made for, once; empty for an unknown, used or expired token. */
    Optional<CallSession> claim(String token) {
        Pending p = token == null ? null : pending.remove(token);
        if (p == null || p.expiresNanos() < System.nanoTime()) {
            return Optional.empty();
        }
        p.call().streamToken = null;
        return Optional.of(p.call());
    }

    /** Forgets the token of a call that ended (calls that never expected a stream have none). */
    void forget(CallSession call) {
        String token = call.streamToken;
        if (token != null) {
            pending.remove(token);
            call.streamToken = null;
        }
    }
}
