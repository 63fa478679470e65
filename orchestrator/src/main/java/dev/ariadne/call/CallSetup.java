package dev.ariadne.call;

import dev.ariadne.ai.AgentSession;
import dev.ariadne.ai.AgentSessionSpec;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Brings an admitted inbound call up: answer, bridge and external media ({@link CallMedia}), the caller joining
 * them; the agent's WebSocket opens at the same time, so its handshake does not add to the delay before the
 * caller hears the agent. An agent that cannot be reached gets the caller a short prompt.
 */
final class CallSetup {
    private static final Logger log = LoggerFactory.getLogger(CallSetup.class);
    private final CallSession call;

    CallSetup(CallSession call) {
        this.call = call;
    }

    Mono<Void> run() {
        Mono<AgentSession> agent = connectAgent(call, true).cache();
        agent.subscribe(a -> {}, e -> {}); // start the handshake now, alongside the call leg
        Mono<Void> answer = call.span.child("ari.answer", call.services.ari().answer(call.channelId))
                .doOnSuccess(x -> {
                    call.answered = true;
                    // The record's answered time and codec are not on the caller's critical path.
                    answeredRecord(call);
                });
        Mono<Void> leg = Mono.when(answer, CallMedia.prepare(call))
                .then(CallMedia.join(call))
                .then(Mono.defer(() -> call.legGone ? Mono.error(new IllegalStateException("caller hung up during setup")) : Mono.empty()));
        return leg.then(agent.map(a -> (Object) a).onErrorResume(e -> Mono.just(e)))
                .timeout(call.services.props().setupTimeout())
                .flatMap(result -> {
                    if (result instanceof AgentSession a) {
                        call.agent = a;
                        call.agentConnected = true;
                        call.watchAgent(a);
                        call.relay(call.media, a);
                        call.span.info(log, "call up: {} -> agent {} (bridge {}, media port {})", call.context.to(),
                                call.context.agent().id(), call.bridgeId, call.media.localPort());
                        return Mono.<Void>empty();
                    }
                    Throwable e = (Throwable) result;
                    return new AgentUnavailablePrompt(call).run(e);
                })
                .onErrorResume(e -> {
                    String cause = call.legGone ? "caller_hangup" : "setup_failed";
                    call.span.warn(log, "call setup ended: {}", e.toString());
                    agent.flatMap(AgentSession::close).subscribe(x -> {}, x -> {}); // a socket that opened late is closed too
                    return call.endNow(new CallSession.End(cause, call.legCause, null));
                });
    }

    /**
     * Records the answer and the codec Asterisk negotiated with the trunk's endpoint, off the call's path; for an
     * outbound call also its SIP Call-ID (an inbound one's was recorded at StasisStart).
     */
    static void answeredRecord(CallSession call) {
        var ari = call.services.ari();
        Mono<String> codec = ari.getChannelVar(call.channelId, "CHANNEL(audionativeformat)").onErrorReturn("");
        Mono<String> callId = call.context.outbound()
                ? ari.getChannelVar(call.channelId, "CHANNEL(pjsip,call-id)").onErrorReturn("")
                : Mono.just("");
        Mono.zip(codec, callId)
                .flatMap(x -> call.services.records().answered(call.callId, codec(x.getT1()),
                        x.getT2().isBlank() ? null : x.getT2()))
                .subscribe(y -> {}, e -> call.span.warn(log, "answered record: {}", e.toString()));
    }

    /**
     * Opens the call's agent session on the call's event loop (audio crosses between its socket and the media
     * socket on one thread).
     *
     * @param startOnOpen send {@code start} at once (inbound); false: at answer ({@link AgentSession#sendStart})
     */
    static Mono<AgentSession> connectAgent(CallSession call, boolean startOnOpen) {
        CallContext c = call.context;
        return call.services.agentDirectory().credentials(c.agent()).flatMap(credentials -> {
            var spec = new AgentSessionSpec(call.callId.toString(), c.tenantId().toString(),
                    URI.create(c.agent().url()), c.agent().protocol(), credentials.token(), call.span.traceparent(),
                    startDetails(call), startOnOpen, credentials.signingSecret());
            return call.span.child("agent.connect", call.services.agents().connect(spec, call.loop));
        });
    }

    /** What the agent's {@code start} says of the call; the trunk is the one carrying it now. */
    static Map<String, Object> startDetails(CallSession call) {
        CallContext c = call.context;
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("direction", c.direction());
        start.put("from", c.from());
        start.put("to", c.to());
        start.put("trunk", call.trunkName());
        start.put("agent", c.agent().name());
        start.put("customParameters", c.customParameters());
        return start;
    }

    /** Asterisk reports formats as a list in parentheses, e.g. "(ulaw)" or "(ulaw|alaw)". */
    static String codec(String nativeFormats) {
        String s = nativeFormats == null || nativeFormats.isBlank() ? null : nativeFormats;
        return s == null ? null : s.replace("(", "").replace(")", "").replace('|', ',');
    }
}
