package dev.ariadne.call;

import dev.ariadne.agent.AgentService;
import dev.ariadne.ai.AgentEvent;
import dev.ariadne.call.data.CallRepository;
import dev.ariadne.common.NotFoundException;
import dev.ariadne.number.NumberDirectory;
import dev.ariadne.number.PhoneNumber;
import dev.ariadne.telemetry.CallTracing;
import dev.ariadne.tenant.TenantService;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Calls whose phone leg is a Twilio call, as Twilio's webhooks and Media Streams drive them: a call to a
 * Twilio-native number becomes a call session waiting for its stream; a stream that presents a call's one-time
 * token becomes that call's media; Twilio's status callbacks end calls Twilio ended. Agents written for Twilio
 * end or send on a call through {@link #agentEnd} and {@link #agentRedirect} (Ariadne's subset of Twilio's
 * Calls API).
 */
@Service
public class TwilioCalls {
    private static final Logger log = LoggerFactory.getLogger(TwilioCalls.class);
    private final ObjectProvider<CallServices> services;
    private final NumberDirectory numbers;
    private final AgentService agents;
    private final TenantService tenants;
    private final CallRegistry registry;
    private final CallRepository records;
    private final CallTracing tracing;
    private final TwilioStreams streams;
    private final CallIntake intake;

    TwilioCalls(ObjectProvider<CallServices> services, NumberDirectory numbers, AgentService agents,
            TenantService tenants, CallRegistry registry, CallRepository records, CallTracing tracing,
            TwilioStreams streams, CallIntake intake) {
        this.intake = intake;
        this.services = services;
        this.numbers = numbers;
        this.agents = agents;
        this.tenants = tenants;
        this.registry = registry;
        this.records = records;
        this.tracing = tracing;
        this.streams = streams;
    }

    /** What to tell Twilio about a call to one of the account's numbers. */
    public sealed interface Inbound {
        /** Connect a Media Stream carrying {@code token}. */
        record Accept(UUID callId, String token) implements Inbound {}

        /** Reject the call ({@code <Reject reason="...">}: rejected or busy). */
        record Reject(String reason) implements Inbound {}
    }

    /** Twilio's voice webhook for a call to {@code to} on the tenant's Twilio account. */
    public Mono<Inbound> inbound(UUID tenantId, String callSid, String from, String to) {
        CallServices call = services.getIfAvailable();
        if (call == null) {
            return Mono.just(new Inbound.Reject("rejected"));
        }
        String e164 = PhoneNumber.normalize(to);
        UUID callId = UUID.randomUUID();
        call.meters().started(CallContext.INBOUND);
        var span = tracing.startCall(callId.toString(), "inbound");
        span.tenant(tenantId.toString());
        span.attribute("twilio.call_sid", callSid);
        Mono<Optional<PhoneNumber>> number = e164 == null ? Mono.just(Optional.empty())
                : numbers.byE164(e164).filter(n -> n.tenantId().equals(tenantId) && n.onTwilio())
                        .map(Optional::of).defaultIfEmpty(Optional.empty());
        return number.flatMap(n -> {
            String recordedTo = e164 != null ? e164 : to;
            if (n.isEmpty()) {
                return rejected(callId, tenantId, null, null, from, recordedTo, callSid, span, "rejected", 1,
                        "unknown_number", "number " + recordedTo + " is not one of this tenant's Twilio numbers");
            }
            PhoneNumber pn = n.get();
            if (intake.draining()) {
                // The webhook reached a node that is shutting down (its readiness is down, so only briefly).
                return rejected(callId, tenantId, pn.id(), pn.agentId(), from, pn.e164(), callSid, span, "rejected", 34,
                        "draining", "this Ariadne node is shutting down and takes no new calls");
            }
            return agents.find(tenantId, pn.agentId()).zipWith(tenants.find(tenantId)).flatMap(x -> {
                int limit = tenants.limits(x.getT2().tier()).maxConcurrentCalls();
                CallContext context = new CallContext(CallContext.INBOUND, tenantId, x.getT1(), pn, from, pn.e164(), limit,
                        x.getT1().parameters());
                CallSession session = CallSession.twilioInbound(callId, context, callSid, System.nanoTime(), call, span);
                return registry.admit(session, Integer.MAX_VALUE, limit).flatMap(refused -> refused.isPresent()
                        ? rejected(callId, tenantId, pn.id(), x.getT1().id(), from, pn.e164(), callSid, span, "busy", 17,
                                "busy", refused.get())
                        : records.insertTwilioInbound(callId, tenantId, pn.id(), x.getT1().id(), from, pn.e164(), callSid,
                                span.traceId(), call.props().node())
                        .then(Mono.fromCallable(() -> {
                            String token = streams.expect(session, call.props().streamTimeout());
                            session.run();
                            span.info(log, "Twilio call {} to {}: waiting for its Media Stream", callSid, pn.e164());
                            return (Inbound) new Inbound.Accept(callId, token);
                        }))
                        .onErrorResume(e -> {
                            registry.remove(session);
                            if (e instanceof org.springframework.dao.DataIntegrityViolationException) {
                                // The same CallSid again (a replayed or retried webhook): no second call.
                                span.info(log, "Twilio call {} is known already; a second voice webhook is rejected", callSid);
                                span.end("rejected", "duplicate_call_sid", false);
                                return Mono.just(new Inbound.Reject("rejected"));
                            }
                            span.end("failed", "record_failed", true);
                            return Mono.error(e);
                        }));
            });
        });
    }

    private Mono<Inbound> rejected(UUID callId, UUID tenantId, UUID numberId, UUID agentId, String from, String to,
            String callSid, dev.ariadne.telemetry.CallSpan span, String reason, int code, String cause, String detail) {
        span.info(log, "Twilio call {} rejected ({}): {}", callSid, cause, detail);
        return records.insertTwilioInbound(callId, tenantId, numberId, agentId, from, to, callSid, span.traceId(),
                        services.getObject().props().node())
                .then(records.finish(callId, "rejected", cause, code, detail, CallRecord.Media.NONE, null))
                .filter(Boolean::booleanValue)
                .doOnNext(done -> services.getObject().meters().ended(CallContext.INBOUND, "rejected", cause))
                .doFinally(x -> span.end("rejected", cause, false))
                .thenReturn(new Inbound.Reject(reason));
    }

    /**
     * The Media Stream that presents {@code token} (once: a replayed token gets nothing) for Twilio call
     * {@code callSid}: what it drives of its call.
     */
    public Optional<TwilioStreamTarget> claimStream(String token, String callSid) {
        return streams.claim(token).flatMap(s -> {
            if (s.twilioCallSid != null && !s.twilioCallSid.equals(callSid)) {
                log.warn("stream token of call {} presented by Twilio call {}, not {}: refused", s.callId, callSid,
                        s.twilioCallSid);
                return Optional.empty();
            }
            if (s.twilioCallSid == null) {
                s.twilioCallSid = callSid; // an outbound call's stream may open before the create call returned
            }
            return Optional.of(s.streamTarget());
        });
    }

    /** Twilio's status callback: the live call hears of it; a call no longer live has its record finished. */
    public Mono<Void> status(UUID tenantId, String callSid, String callStatus) {
        Optional<CallSession> live = registry.all().stream()
                .filter(s -> callSid.equals(s.twilioCallSid) && s.tenantId().equals(tenantId))
                .findFirst();
        if (live.isPresent()) {
            live.get().emit(new CallSession.TwilioStatus(callStatus));
            return Mono.empty();
        }
        return switch (callStatus == null ? "" : callStatus) {
            case "completed", "busy", "no-answer", "failed", "canceled" -> records.findByTwilioSid(callSid)
                    .filter(r -> tenantId.equals(r.tenantId()) && r.active())
                    .flatMap(r -> records.finish(r.id(), callStatus.equals("canceled") ? "canceled" : "failed",
                            TwilioInboundSetup.twilioCause(callStatus), null, null, r.media(),
                            "Twilio ended the call (" + callStatus + ") while no node carried it")
                            .filter(Boolean::booleanValue)
                            .doOnNext(done -> services.getObject().meters().ended(r.direction(),
                                    callStatus.equals("canceled") ? "canceled" : "failed",
                                    TwilioInboundSetup.twilioCause(callStatus))))
                    .then();
            default -> Mono.empty();
        };
    }

    /** The agent's token of the call {@code callId} of the tenant, for the Calls API's basic auth; empty if none. */
    public Mono<Optional<String>> agentToken(UUID tenantId, UUID callId) {
        return records.find(tenantId, callId)
                .filter(r -> r.agentId() != null)
                .flatMap(r -> agents.find(tenantId, r.agentId()))
                .flatMap(agents::credentials)
                .map(c -> Optional.ofNullable(c.token()))
                .defaultIfEmpty(Optional.empty());
    }

    /** {@code Status=completed}: the agent ends the call (a ringing outbound one is canceled). */
    public Mono<CallRecord> agentEnd(UUID tenantId, UUID callId) {
        return records.find(tenantId, callId)
                .switchIfEmpty(Mono.error(new NotFoundException("call", callId)))
                .flatMap(r -> r.active() ? registry.hangup(callId, "agent_hangup").then(records.find(tenantId, callId))
                        : Mono.just(r));
    }

    /** New TwiML with a {@code <Dial>}: the agent sends the call on to {@code to}, as its {@code transfer} does. */
    public Mono<CallRecord> agentRedirect(UUID tenantId, UUID callId, String to) {
        return records.find(tenantId, callId)
                .switchIfEmpty(Mono.error(new NotFoundException("call", callId)))
                .flatMap(r -> {
                    registry.byId(callId).ifPresent(s -> s.emit(new AgentEvent.Transfer(to)));
                    return Mono.just(r);
                });
    }
}
