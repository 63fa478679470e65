package dev.ariadne.call;

import dev.ariadne.ai.AgentSession;
import dev.ariadne.ai.AgentSessionSpec;
import dev.ariadne.ari.AriClient;
import dev.ariadne.ari.ExternalMediaChannel;
import dev.ariadne.media.MediaSession;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Brings an admitted call up: answer, mixing bridge, external media (slin16 RTP to our UDP port), both
 * channels bridged; the agent's WebSocket opens at the same time, so its handshake does not add to the delay
 * before the caller hears the agent. An agent that cannot be reached gets the caller a short prompt.
 */
final class CallSetup {
    private static final Logger log = LoggerFactory.getLogger(CallSetup.class);
    private static final java.time.Duration MEDIA_STASIS_TIMEOUT = java.time.Duration.ofSeconds(3);
    private final CallSession call;

    CallSetup(CallSession call) {
        this.call = call;
    }

    Mono<Void> run() {
        AriClient ari = call.services.ari();
        // The call's media socket and its agent connection share one event loop: audio crosses between them
        // without changing threads.
        EventLoop loop = call.services.loops().next();
        Mono<AgentSession> agent = connectAgent(loop).cache();
        agent.subscribe(a -> {}, e -> {}); // start the handshake now, alongside the call leg
        // Ids are chosen here, before the requests, so that teardown knows every resource even if a request's
        // answer is lost; the three legs run in parallel and only the bridge join waits for all of them.
        call.bridgeId = "bridge-" + call.callId;
        call.mediaChannelId = "media-" + call.callId;
        call.services.registry().channel(call.mediaChannelId, call);
        Mono<Void> answer = call.span.child("ari.answer", ari.answer(call.channelId))
                .doOnSuccess(x -> {
                    call.answered = true;
                    // The record's answered time, SIP Call-ID and codec are not on the caller's critical path.
                    answeredRecord().subscribe(y -> {}, e -> call.span.warn(log, "answered record: {}", e.toString()));
                });
        Mono<String> bridge = call.span.child("ari.bridge.create", ari.createBridge("mixing", call.bridgeId));
        Mono<ExternalMediaChannel> media = call.services.media().open(call.callId.toString(), loop)
                .doOnNext(m -> call.media = m)
                .flatMap(m -> call.span.child("ari.externalMedia",
                        ari.externalMedia(m.externalHost(), MediaSession.CODEC, call.mediaChannelId)))
                .doOnNext(this::mediaRemote)
                .flatMap(ch -> call.mediaInStasis.asMono().timeout(MEDIA_STASIS_TIMEOUT).thenReturn(ch));
        Mono<Void> leg = Mono.when(answer, bridge, media)
                .then(Mono.defer(() -> call.span.child("ari.bridge.add",
                        ari.addToBridge(call.bridgeId, call.channelId, call.mediaChannelId))))
                .then(Mono.defer(() -> call.callerGone ? Mono.error(new IllegalStateException("caller hung up during setup")) : Mono.empty()));
        return leg.then(agent.map(a -> (Object) a).onErrorResume(e -> Mono.just(e)))
                .timeout(call.services.props().setupTimeout())
                .flatMap(result -> {
                    if (result instanceof AgentSession a) {
                        call.agent = a;
                        call.agentConnected = true;
                        call.relay(call.media, a);
                        call.span.info(log, "call up: {} -> agent {} (bridge {}, media port {})", call.route.e164(),
                                call.route.agent().id(), call.bridgeId, call.media.localPort());
                        return Mono.<Void>empty();
                    }
                    Throwable e = (Throwable) result;
                    return new AgentUnavailablePrompt(call).run(e);
                })
                .onErrorResume(e -> {
                    String cause = call.callerGone ? "caller_hangup" : "setup_failed";
                    call.span.warn(log, "call setup ended: {}", e.toString());
                    agent.flatMap(AgentSession::close).subscribe(x -> {}, x -> {}); // a socket that opened late is closed too
                    return call.endNow(new CallSession.End(cause, call.callerCause, null));
                });
    }

    private void mediaRemote(ExternalMediaChannel ch) {
        if (ch.localAddress() != null && ch.localPort() > 0) {
            call.media.remote(new InetSocketAddress(ch.localAddress(), ch.localPort()));
        }
    }

    private Mono<Void> answeredRecord() {
        // The SIP Call-ID was recorded at StasisStart (from the dialplan's channel variables); the codec is the one
        // Asterisk negotiated with the trunk's endpoint.
        return call.services.ari().getChannelVar(call.channelId, "CHANNEL(audionativeformat)").onErrorReturn("")
                .flatMap(codec -> call.services.records().answered(call.callId, codec(codec)));
    }

    private Mono<AgentSession> connectAgent(EventLoop loop) {
        var route = call.route;
        return call.services.agentDirectory().token(route.agent()).flatMap(token -> {
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("direction", "inbound");
            start.put("from", call.from);
            start.put("to", route.e164());
            start.put("trunk", route.trunk().name());
            start.put("agent", route.agent().name());
            start.put("customParameters", route.agent().parameters());
            var spec = new AgentSessionSpec(call.callId.toString(), route.trunk().tenantId().toString(),
                    URI.create(route.agent().url()), route.agent().protocol(), token.orElse(null),
                    call.span.traceparent(), start);
            return call.span.child("agent.connect", call.services.agents().connect(spec, loop));
        });
    }

    /** Asterisk reports formats as a list in parentheses, e.g. "(ulaw)" or "(ulaw|alaw)". */
    static String codec(String nativeFormats) {
        String s = blank(nativeFormats);
        return s == null ? null : s.replace("(", "").replace(")", "").replace('|', ',');
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
