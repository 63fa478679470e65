package dev.ariadne.call;

import dev.ariadne.ari.AriClient;
import dev.ariadne.ari.AriEvent;
import dev.ariadne.call.data.CallRepository;
import dev.ariadne.edge.EdgeProperties;
import dev.ariadne.telemetry.CallTracing;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Starts inbound calls: a StasisStart of an inbound channel becomes a routed, recorded call session, or a
 * rejection with its reason (also while the node drains, {@link CallIntake}). {@link CallEvents} hands it the StasisStarts.
 */
@Component
@ConditionalOnProperty(prefix = "ariadne.ari", name = "enabled", havingValue = "true", matchIfMissing = true)
class InboundCalls {
    private static final Logger log = LoggerFactory.getLogger(InboundCalls.class);
    private final AriClient ari;
    private final CallRouter router;
    private final CallRegistry registry;
    private final CallRepository records;
    private final CallTracing tracing;
    private final CallServices services;
    private final EdgeProperties edge;
    private final CallIntake intake;

    InboundCalls(CallServices services, CallRouter router, CallTracing tracing, EdgeProperties edge, CallIntake intake) {
        this.intake = intake;
        this.services = services;
        this.edge = edge;
        this.ari = services.ari();
        this.router = router;
        this.registry = services.registry();
        this.records = services.records();
        this.tracing = tracing;
    }

    /** An inbound channel entered the Stasis app ({@code Stasis(ariadne,inbound,<endpoint>)}). */
    Mono<Void> start(AriEvent.StasisStart s) {
        long startedNanos = System.nanoTime();
        UUID callId = UUID.randomUUID();
        var span = tracing.startCall(callId.toString(), "inbound");
        InboundCall call = InboundCall.of(s, edge);
        services.meters().started(CallContext.INBOUND);
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
                    // Shutting down: not answered, cause 34 (SIP 503), so that the SIP edge or the carrier tries
                    // another node; recorded as the number's owner's.
                    case Route.Accepted a when intake.draining() -> reject(callId, s.channelId(), new Route.Rejected(
                            "congestion", 34, "draining", "this Ariadne node is shutting down and takes no new calls",
                            a.trunk().tenantId(), a.trunk().id(), a.number().id()), span);
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
        CallSession call = CallSession.inbound(callId, s.channelId(), from, startedNanos, a, services, span);
        registry.channel(s.channelId(), call);
        return registry.admit(call, a.trunk().maxConcurrentCalls(), a.tenantCallLimit())
                .doOnError(e -> registry.remove(call))
                .flatMap(refused -> {
                    if (refused.isPresent()) {
                        registry.remove(call);
                        return reject(callId, s.channelId(), new Route.Rejected("busy", 17, "busy", refused.get(),
                                a.trunk().tenantId(), a.trunk().id(), a.number().id()), span);
                    }
                    // The call starts now; the record learns its tenant, trunk, number and agent alongside.
                    call.run();
                    return records.routed(callId, a.trunk().tenantId(), a.trunk().id(), a.number().id(), a.agent().id());
                });
    }

    private Mono<Void> reject(UUID callId, String channelId, Route.Rejected r, dev.ariadne.telemetry.CallSpan span) {
        span.tenant(r.tenantId() == null ? null : r.tenantId().toString());
        span.info(log, "call rejected ({}): {}", r.cause(), r.detail());
        return records.routed(callId, r.tenantId(), r.trunkId(), r.numberId(), null)
                .then(CallSession.ignoreGone(span.child("ari.hangup", ari.hangup(channelId, r.hangupReason())))
                        .onErrorResume(e -> Mono.empty()))
                .then(records.finish(callId, "rejected", r.cause(), r.causeCode(), r.detail(),
                        CallRecord.Media.NONE, null))
                .filter(Boolean::booleanValue)
                .doOnNext(done -> services.meters().ended(CallContext.INBOUND, "rejected", r.cause()))
                .doFinally(x -> span.end("rejected", r.cause(), false))
                .then();
    }
}
