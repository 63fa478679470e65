package dev.ariadne.twilio;

import dev.ariadne.common.ConflictException;
import dev.ariadne.common.InvalidRequestException;
import dev.ariadne.common.UnavailableException;
import dev.ariadne.number.TwilioNumbers;
import dev.ariadne.web.PublicUrlProperties;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A number that stays on Twilio: its IncomingPhoneNumber, checked in the tenant's account, gets Ariadne's voice
 * webhook ({@code /twilio/voice}) and status callback ({@code /twilio/status}); removing the number clears them.
 */
@Component
class TwilioNumberWebhooks implements TwilioNumbers {
    static final String VOICE = "/twilio/voice";
    static final String STATUS = "/twilio/status";
    private final TwilioAccounts accounts;
    private final TwilioClient twilio;
    private final PublicUrlProperties urls;

    TwilioNumberWebhooks(TwilioAccounts accounts, TwilioClient twilio, PublicUrlProperties urls) {
        this.accounts = accounts;
        this.twilio = twilio;
        this.urls = urls;
    }

    @Override
    public Mono<Void> attach(UUID tenantId, String twilioNumberSid, String e164) {
        if (urls.publicUrl() == null) {
            return Mono.error(new ConflictException("ariadne.public-url is not set: Twilio would have no address to"
                    + " reach Ariadne at"));
        }
        return accounts.withCredentials(tenantId, c -> twilio.fetchNumber(c, twilioNumberSid)
                .onErrorMap(TwilioException.class, e -> e.status() == 404
                        ? InvalidRequestException.of("twilioNumberSid", "the tenant's Twilio account has no such number")
                        : problem(e))
                .flatMap(n -> e164.equals(n.phoneNumber())
                        ? twilio.configureNumber(c, twilioNumberSid, urls.http(VOICE), urls.http(STATUS))
                                .onErrorMap(TwilioException.class, TwilioNumberWebhooks::problem)
                        : Mono.error(InvalidRequestException.of("e164", "the Twilio number " + twilioNumberSid + " is "
                                + n.phoneNumber() + ", not " + e164))));
    }

    @Override
    public Mono<Void> detach(UUID tenantId, String twilioNumberSid) {
        return accounts.withCredentials(tenantId, c -> twilio.configureNumber(c, twilioNumberSid, "", "")
                .onErrorResume(TwilioException.class, e -> e.status() == 404 ? Mono.empty() : Mono.error(e)));
    }

    private static RuntimeException problem(TwilioException e) {
        return e.transient_() ? new UnavailableException("Twilio's API did not answer: " + e.getMessage())
                : InvalidRequestException.of("twilioNumberSid", "Twilio refused: " + e.getMessage());
    }
}
