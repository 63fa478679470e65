package dev.ariadne.call;

import dev.ariadne.ari.AriClient;
import dev.ariadne.ari.AriEvent;
import dev.ariadne.ari.ChannelInfo;
import dev.ariadne.call.data.CallRepository;
import dev.ariadne.telemetry.CallTracing;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Listens to the Stasis application: a StasisStart of an inbound channel becomes a routed, recorded call
 * session (or a rejection with its reason); every other event goes to the session that owns its channel.
 * After each (re)connect it reconciles: calls it lost track of are ended and their records finalized.
 */
@Component
@ConditionalOnProperty(prefix = "ariadne.ari", name = "enabled", havingValue = "true", matchIfMissing = true)
class InboundCalls implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(InboundCalls.class);
    private final AriClient ari;
    private final CallRouter router;
    private final CallRegistry registry;
    private final CallRepository records;
    private final CallTracing tracing;
    private final CallServices services;
    private volatile Disposable events;

    InboundCalls(CallServices services, CallRouter router, CallTracing tracing) {
        this.services = services;
        this.ari = services.ari();
        this.router = router;
        this.registry = services.registry();
        this.records = services.records();
        this.tracing = tracing;
    }

    @Override
    public void start() {
        events = ari.events().subscribe(this::onEvent, e -> log.error("ARI event stream ended: {}", e.toString()));
    }

    @Override
    public void stop() {
        Disposable d = events;
        if (d != null) {
            d.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable d = events;
        return d != null && !d.isDisposed();
    }

    private void onEvent(AriEvent e) {
        switch (e) {
            case AriEvent.StasisStart s when !s.args().isEmpty() && s.args().getFirst().equals("inbound") ->
                    inbound(s).subscribe(x -> {}, err -> log.error("inbound call {} failed: {}", s.channelId(), err.toString()));
            case AriEvent.StasisStart s -> registry.byChannel(s.channelId()).ifPresent(c -> c.dispatch(s));
            case AriEvent.StasisEnd x -> registry.byChannel(x.channelId()).ifPresent(c -> c.dispatch(x));
            case AriEvent.ChannelDestroyed x -> registry.byChannel(x.channelId()).ifPresent(c -> c.dispatch(x));
            case AriEvent.ChannelHangupRequest x -> registry.byChannel(x.channelId()).ifPresent(c -> c.dispatch(x));
            case AriEvent.ChannelDtmfReceived x -> registry.byChannel(x.channelId()).ifPresent(c -> c.dispatch(x));
            case AriEvent.ChannelStateChange x -> registry.byChannel(x.channelId()).ifPresent(c -> c.dispatch(x));
            case AriEvent.Connected c -> reconcile().subscribe(x -> {}, err -> log.warn("reconcile failed: {}", err.toString()));
            case AriEvent.Disconnected d -> log.warn("ARI events disconnected ({}); reconnecting", d.reason());
            default -> {}
        }
    }

    private Mono<Void> inbound(AriEvent.StasisStart s) {
        long startedNanos = System.nanoTime();
        UUID callId = UUID.randomUUID();
        var span = tracing.startCall(callId.toString(), "inbound");
        InboundCall call = InboundCall.of(s);
        span.attribute("ariadne.channel.id", s.channelId());
        if (call.sipCallId() != null) {
            span.attribute("sip.call_id", call.sipCallId());
        }
        // The record is written while routing runs (both before any answer), so that even a rejected call is
        // seen, with its SIP Call-ID and source address; the dialled number is recorded in E.164 when it is one.
        return Mono.zip(
                        records.insertStarted(callId, "inbound", call.callerNumber(), call.recordedTo(), s.channelId(),
                                        span.traceId(), services.props().node(), call.sipCallId(), call.source())
                                .thenReturn(true),
                        router.route(call))
                .map(x -> x.getT2())
                .flatMap(route -> switch (route) {
                    case Route.Rejected r -> reject(callId, s.channelId(), r, span);
                    case Route.Accepted a -> admit(callId, s, call.callerNumber(), startedNanos, a, span);
                })
                .onErrorResume(e -> {
                    // A database or ARI failure before the call was admitted: the caller is not left waiting.
                    span.warn(log, "inbound call could not be routed: {}", e.toString());
                    return reject(callId, s.channelId(), Route.Rejected.unattributed("congestion", 34, "routing_failed",
                            e.getClass().getSimpleName() + ": " + e.getMessage()), span)
                            .onErrorResume(x -> CallSession.ignoreGone(ari.hangup(s.channelId(), "congestion"))
                                    .onErrorResume(y -> Mono.empty()));
                });
    }

    private Mono<Void> admit(UUID callId, AriEvent.StasisStart s, String from, long startedNanos, Route.Accepted a,
            dev.ariadne.telemetry.CallSpan span) {
        span.tenant(a.trunk().tenantId().toString());
        CallSession call = new CallSession(callId, s.channelId(), from, startedNanos, a, services, span);
        registry.channel(s.channelId(), call);
        String refused = registry.admit(call, a.trunk().maxConcurrentCalls(), a.tenantCallLimit());
        if (refused != null) {
            registry.remove(call);
            return reject(callId, s.channelId(), new Route.Rejected("busy", 17, "busy", refused, a.trunk().tenantId(),
                    a.trunk().id(), a.number().id()), span);
        }
        // The call starts now; the record learns its tenant, trunk, number and agent alongside.
        call.run();
        return records.routed(callId, a.trunk().tenantId(), a.trunk().id(), a.number().id(), a.agent().id());
    }

    private Mono<Void> reject(UUID callId, String channelId, Route.Rejected r, dev.ariadne.telemetry.CallSpan span) {
        span.tenant(r.tenantId() == null ? null : r.tenantId().toString());
        span.info(log, "call rejected ({}): {}", r.cause(), r.detail());
        return records.routed(callId, r.tenantId(), r.trunkId(), r.numberId(), null)
                .then(CallSession.ignoreGone(span.child("ari.hangup", ari.hangup(channelId, r.hangupReason())))
                        .onErrorResume(e -> Mono.empty()))
                .then(records.finish(callId, "rejected", r.cause(), r.causeCode(), r.detail(),
                        CallRecord.Media.NONE, null))
                .doFinally(x -> span.end("rejected", r.cause(), false))
                .then();
    }

    /**
     * After a (re)connect: sessions whose caller channel Asterisk no longer has are ended; records this node
     * left open with no session (a restart) are finalized, and their channels, if still up, hung up.
     */
    private Mono<Void> reconcile() {
        return ari.channels().map(ChannelInfo::id).collect(Collectors.toSet()).flatMap(live -> {
            List<CallSession> lost = registry.all().stream().filter(c -> !live.contains(c.channelId)).toList();
            lost.forEach(c -> c.emit(new CallSession.End("asterisk_lost", 41, null)));
            return records.unfinished(services.props().node())
                    .filter(r -> registry.all().stream().noneMatch(c -> c.callId.equals(r.id())))
                    .concatMap(r -> endOrphan(r, live))
                    .then();
        });
    }

    private Mono<Void> endOrphan(CallRecord r, Set<String> live) {
        boolean up = r.channelId() != null && live.contains(r.channelId());
        log.info("call {} was left open by a previous run; ending it (channel {})", r.id(), up ? "still up" : "gone");
        Mono<Void> hangup = up ? CallSession.ignoreGone(ari.hangup(r.channelId(), "normal")) : Mono.empty();
        return hangup.onErrorResume(e -> Mono.empty())
                .then(records.finish(r.id(), "failed", "orchestrator_restart", 41, null, r.media(),
                        "orchestrator restarted during the call"))
                .then();
    }
}
