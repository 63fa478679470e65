package dev.ariadne.call;

import dev.ariadne.ai.AgentSession;
import dev.ariadne.media.MediaSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * How a call to a Twilio-native number starts: Twilio was answered with a {@code <Connect><Stream>} carrying this
 * call's one-time token; the call waits for that stream (at most {@code ariadne.call.stream-timeout}), then
 * connects the number's agent and relays audio between the stream and the agent, as for a SIP call.
 */
final class TwilioInboundSetup {
    private static final Logger log = LoggerFactory.getLogger(TwilioInboundSetup.class);
    private final CallSession call;

    TwilioInboundSetup(CallSession call) {
        this.call = call;
    }

    /** The first inbox item: a stream that never comes ends the call. */
    Mono<Void> run() {
        Mono.delay(call.services.props().streamTimeout())
                .subscribe(x -> {
                    if (call.media == null) {
                        call.emit(new CallSession.End("stream_timeout", 41, null));
                    }
                });
        return Mono.empty();
    }

    /** The Media Stream opened: it is the phone leg; the agent comes next. */
    static Mono<Void> onStream(CallSession call, MediaSession stream) {
        if (call.media != null) {
            return stream.close(); // a second stream for the same call: the first one stays
        }
        call.media = stream;
        call.answered = true;
        call.upNanos = System.nanoTime();
        call.services.records().answered(call.callId, "ulaw", null)
                .subscribe(x -> {}, e -> call.span.warn(log, "answered record: {}", e.toString()));
        return CallSetup.connectAgent(call, true)
                .timeout(call.services.props().setupTimeout())
                .flatMap(a -> {
                    call.agent = a;
                    call.agentConnected = true;
                    call.watchAgent(a);
                    call.relay(stream, a);
                    call.span.info(log, "call up: Twilio {} -> agent {}", call.twilioCallSid, call.context.agent().id());
                    return Mono.<Void>empty();
                })
                .onErrorResume(e -> {
                    String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                    call.span.warn(log, "agent {} unreachable on a Twilio call: {}", call.context.agent().id(), reason);
                    return call.endNow(new CallSession.End("agent_unreachable", 16, reason));
                });
    }

    /** Twilio says how the call stands; an ending Twilio reports before the stream stopped ends the call too. */
    static Mono<Void> onStatus(CallSession call, String status) {
        return switch (status == null ? "" : status) {
            case "completed", "busy", "no-answer", "failed", "canceled" -> {
                call.legGone = true;
                AgentSession a = call.agent;
                yield call.endNow(new CallSession.End(a == null && !call.answered ? twilioCause(status)
                        : call.context.party() + "_hangup", 16, null));
            }
            default -> Mono.empty();
        };
    }

    /** The cause of a Twilio call that ended before it was up, from Twilio's CallStatus. */
    static String twilioCause(String status) {
        return switch (status) {
            case "busy" -> "busy";
            case "no-answer" -> "no_answer";
            case "canceled" -> "canceled";
            case "failed" -> "twilio_failed";
            default -> "stream_never_opened";
        };
    }
}
