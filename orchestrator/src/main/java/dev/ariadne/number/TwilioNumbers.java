package dev.ariadne.number;

import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * What numbers that stay on Twilio need from the Twilio feature: their IncomingPhoneNumber checked and its voice
 * webhook and status callback pointed at Ariadne (or cleared when the number leaves). Implemented by the Twilio
 * feature; absent, a Twilio number cannot be created.
 */
public interface TwilioNumbers {

    /**
     * Checks that the tenant's Twilio account has {@code twilioNumberSid} and that it is {@code e164}, then points its
     * voice URL and status callback at Ariadne. Fails with a field-named problem otherwise.
     */
    Mono<Void> attach(UUID tenantId, String twilioNumberSid, String e164);

    /** Clears the number's voice URL and status callback at Twilio. */
    Mono<Void> detach(UUID tenantId, String twilioNumberSid);
}
