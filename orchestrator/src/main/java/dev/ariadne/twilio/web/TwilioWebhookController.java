package dev.ariadne.twilio.web;

import dev.ariadne.twilio.TwilioWebhooks;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Twilio's webhooks for Twilio-native numbers and for calls Ariadne places through Twilio: {@code /twilio/voice}
 * answers with TwiML, {@code /twilio/status} hears how calls end. Every request must carry Twilio's signature,
 * checked against the auth token of the account its {@code AccountSid} names; a bad, missing or stale one gets 403
 * and does nothing.
 */
@RestController
@RequestMapping("/twilio")
class TwilioWebhookController {
    private static final MediaType XML = MediaType.valueOf("text/xml;charset=UTF-8");
    private final TwilioWebhooks webhooks;

    TwilioWebhookController(TwilioWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @PostMapping(path = "/voice", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<ResponseEntity<String>> voice(ServerWebExchange exchange) {
        return form(exchange).flatMap(params -> webhooks.voice(path(exchange), params, signature(exchange)))
                .map(answer -> answer.twiml() == null
                        ? ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN).body(answer.refusal())
                        : ResponseEntity.ok().contentType(XML).body(answer.twiml()));
    }

    @PostMapping(path = "/status", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<ResponseEntity<String>> status(ServerWebExchange exchange) {
        return form(exchange).flatMap(params -> webhooks.status(path(exchange), params, signature(exchange)))
                .map(refusal -> ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN).body(refusal))
                .defaultIfEmpty(ResponseEntity.noContent().build());
    }

    private static Mono<Map<String, String>> form(ServerWebExchange exchange) {
        return exchange.getFormData().map(form -> {
            Map<String, String> params = new LinkedHashMap<>();
            form.forEach((k, vs) -> params.put(k, vs.isEmpty() ? "" : vs.getFirst()));
            return params;
        });
    }

    /** The path and query Twilio requested, which the signature covers. */
    private static String path(ServerWebExchange exchange) {
        var uri = exchange.getRequest().getURI();
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static String signature(ServerWebExchange exchange) {
        return exchange.getRequest().getHeaders().getFirst("X-Twilio-Signature");
    }
}
