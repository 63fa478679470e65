package dev.ariadne.call;

import dev.ariadne.number.PhoneNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Blind transfer asked by the agent: the caller leaves the bridge and is redirected (SIP REFER on an
 * answered PJSIP channel) to an E.164 number via the call's trunk, or to a SIP URI. The agent's side ends.
 */
final class CallTransfer {
    private static final Logger log = LoggerFactory.getLogger(CallTransfer.class);
    private final CallSession call;

    CallTransfer(CallSession call) {
        this.call = call;
    }

    Mono<Void> run(String to) {
        if (call.onTwilio()) {
            return twilio(to);
        }
        String target = target(to);
        if (target == null) {
            call.span.warn(log, "transfer to '{}' refused: not an E.164 number or sip: URI", to);
            return Mono.empty();
        }
        var ari = call.services.ari();
        Mono<Void> leaveBridge = call.bridgeId == null ? Mono.empty() : ari.destroyBridge(call.bridgeId)
                .doOnSuccess(x -> call.bridgeId = null);
        return call.span.child("ari.redirect", leaveBridge.then(ari.redirect(call.channelId, target)))
                .then(Mono.defer(() -> {
                    call.span.info(log, "transferred to {}", to);
                    call.legGone = true; // Asterisk now owns the phone leg
                    return call.endNow(new CallSession.End("transferred", 16, "transfer to " + to));
                }))
                .onErrorResume(e -> {
                    call.span.warn(log, "transfer to {} failed: {}", to, e.toString());
                    return call.endNow(new CallSession.End("transfer_failed", 16, e.getMessage()));
                });
    }

    /** A Twilio leg is sent on by Twilio itself ({@code <Dial>}); its Media Stream then stops. */
    private Mono<Void> twilio(String to) {
        if (to == null || !(to.startsWith("sip:") || to.startsWith("sips:") || PhoneNumber.normalize(to) != null)) {
            call.span.warn(log, "transfer to '{}' refused: not an E.164 number or sip: URI", to);
            return Mono.empty();
        }
        String target = to.startsWith("sip") ? to : PhoneNumber.normalize(to);
        return call.services.twilio().transfer(call.tenantId(), call.twilioCallSid, target)
                .then(Mono.defer(() -> {
                    call.span.info(log, "transferred through Twilio to {}", to);
                    call.legGone = true; // Twilio now owns the call
                    return call.endNow(new CallSession.End("transferred", 16, "transfer to " + to));
                }))
                .onErrorResume(e -> {
                    call.span.warn(log, "transfer to {} through Twilio failed: {}", to, e.toString());
                    return call.endNow(new CallSession.End("transfer_failed", 16, e.getMessage()));
                });
    }

    private String target(String to) {
        if (to == null) {
            return null;
        }
        if (to.startsWith("sip:") || to.startsWith("sips:")) {
            return "PJSIP/" + to;
        }
        String e164 = PhoneNumber.normalize(to);
        return e164 == null ? null : "PJSIP/sip:" + e164 + "@" + call.trunk.host() + ":" + call.trunk.port();
    }
}
