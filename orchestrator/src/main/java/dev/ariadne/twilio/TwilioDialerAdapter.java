package dev.ariadne.twilio;

import dev.ariadne.call.TwilioDialer;
import dev.ariadne.common.ConflictException;
import dev.ariadne.web.PublicUrlProperties;
import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Calls with a Twilio leg, through the tenant's account: outbound calls Twilio carries as the last resort
 * stream to {@code /twilio/media} once answered; ending and transfers go through Twilio's Calls API.
 */
@Component
class TwilioDialerAdapter implements TwilioDialer {
    static final String MEDIA = "/twilio/media";
    private final TwilioAccounts accounts;
    private final TwilioClient twilio;
    private final PublicUrlProperties urls;

    TwilioDialerAdapter(TwilioAccounts accounts, TwilioClient twilio, PublicUrlProperties urls) {
        this.accounts = accounts;
        this.twilio = twilio;
        this.urls = urls;
    }

    @Override
    public Mono<Boolean> fallback(UUID tenantId) {
        return accounts.find(tenantId).map(a -> a.fallback() && urls.publicUrl() != null).defaultIfEmpty(false);
    }

    @Override
    public Mono<String> dial(UUID tenantId, String to, String from, String streamToken, Duration ringTimeout) {
        if (urls.publicUrl() == null) {
            return Mono.error(new ConflictException("ariadne.public-url is not set: Twilio could not reach Ariadne"));
        }
        String twiml = TwiMl.stream(urls.websocket(MEDIA), streamToken);
        int timeout = (int) Math.max(5, Math.min(600, ringTimeout.toSeconds()));
        return accounts.withCredentials(tenantId, c -> twilio.createCall(c, to, from, twiml,
                urls.http(TwilioNumberWebhooks.STATUS), timeout));
    }

    @Override
    public Mono<Void> hangup(UUID tenantId, String callSid) {
        return accounts.withCredentials(tenantId, c -> twilio.endCall(c, callSid)
                .onErrorResume(TwilioException.class, e -> e.status() == 404 ? Mono.empty() : Mono.error(e)));
    }

    @Override
    public Mono<Void> transfer(UUID tenantId, String callSid, String to) {
        return accounts.withCredentials(tenantId, c -> twilio.redirectCall(c, callSid, TwiMl.dial(to)));
    }
}
