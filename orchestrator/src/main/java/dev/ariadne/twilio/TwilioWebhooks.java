package dev.ariadne.twilio;

import dev.ariadne.call.TwilioCalls;
import dev.ariadne.web.PublicUrlProperties;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What Twilio's webhooks do once the web layer has read them: the request's {@code AccountSid} names the tenant
 * (an unknown one is refused), {@code X-Twilio-Signature} must be Twilio's for the URL at {@code ariadne.public-url}
 * and the parameters under that account's auth token (else refused, nothing done), then the call feature decides.
 */
@Component
public class TwilioWebhooks {
    private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);
    private final TwilioAccounts accounts;
    private final TwilioCalls calls;
    private final PublicUrlProperties urls;

    TwilioWebhooks(TwilioAccounts accounts, TwilioCalls calls, PublicUrlProperties urls) {
        this.accounts = accounts;
        this.calls = calls;
        this.urls = urls;
    }

    /** TwiML for Twilio, or the reason the request was refused (then {@code twiml} is null). */
    public record VoiceAnswer(String twiml, String refusal) {}

    public Mono<VoiceAnswer> voice(String pathAndQuery, Map<String, String> params, String signature) {
        return verified(pathAndQuery, params, signature)
                .flatMap(tenant -> calls.inbound(tenant, params.get("CallSid"), params.get("From"), params.get("To")))
                .map(decision -> switch (decision) {
                    case TwilioCalls.Inbound.Accept a ->
                        new VoiceAnswer(TwiMl.stream(urls.websocket(TwilioDialerAdapter.MEDIA), a.token()), null);
                    case TwilioCalls.Inbound.Reject r -> new VoiceAnswer(TwiMl.reject(r.reason()), null);
                })
                .onErrorResume(Refused.class, e -> Mono.just(new VoiceAnswer(null, e.getMessage())));
    }

    /** Null when done, else the reason the request was refused. */
    public Mono<String> status(String pathAndQuery, Map<String, String> params, String signature) {
        return verified(pathAndQuery, params, signature)
                .flatMap(tenant -> calls.status(tenant, params.get("CallSid"), params.get("CallStatus")))
                .then(Mono.<String>empty())
                .onErrorResume(Refused.class, e -> Mono.just(e.getMessage()));
    }

    /** The tenant the request's account belongs to, once its signature checks out. */
    private Mono<UUID> verified(String pathAndQuery, Map<String, String> params, String signature) {
        if (urls.publicUrl() == null) {
            return Mono.error(new Refused("ariadne.public-url is not set: Twilio's signatures cannot be checked"));
        }
        String url = urls.http(pathAndQuery);
        String accountSid = params.get("AccountSid");
        return accounts.bySid(accountSid)
                .switchIfEmpty(Mono.error(new Refused("unknown account")))
                .flatMap(a -> accounts.authToken(a.tenantId()).flatMap(token -> {
                    if (!TwilioSignatures.valid(token, url, params, signature)) {
                        log.warn("Twilio webhook {} for account {} refused: bad or missing X-Twilio-Signature", pathAndQuery,
                                accountSid);
                        return Mono.error(new Refused("invalid signature"));
                    }
                    if (params.get("CallSid") == null) {
                        return Mono.error(new Refused("no CallSid"));
                    }
                    return Mono.just(a.tenantId());
                }));
    }

    private static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }
}
