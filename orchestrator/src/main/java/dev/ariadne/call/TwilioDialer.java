package dev.ariadne.call;

import java.time.Duration;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * What a call needs of Twilio when its phone leg is a Twilio call (a Twilio-native number, or the last-resort
 * route of an outbound call): placing, ending and redirecting it through Twilio's REST API with the tenant's
 * account. Implemented by the Twilio feature.
 */
public interface TwilioDialer {

    /** Whether the tenant has a Twilio account that takes the outbound calls no trunk could carry. */
    Mono<Boolean> fallback(UUID tenantId);

    /**
     * Places a call from {@code from} to {@code to} that, once answered, opens a Media Stream to Ariadne carrying
     * {@code streamToken}; returns Twilio's CallSid.
     */
    Mono<String> dial(UUID tenantId, String to, String from, String streamToken, Duration ringTimeout);

    /** Ends the call: hangs it up, or cancels it while it rings. */
    Mono<Void> hangup(UUID tenantId, String callSid);

    /** Sends the call on to {@code to} (an E.164 number or a SIP URI) with a {@code <Dial>}; the stream ends. */
    Mono<Void> transfer(UUID tenantId, String callSid, String to);
}
