package dev.ariadne.call;

import dev.ariadne.agent.Agent;
import dev.ariadne.agent.AgentService;
import dev.ariadne.call.data.CallRepository;
import dev.ariadne.cluster.CallSlots;
import dev.ariadne.call.data.IdempotencyKeys;
import dev.ariadne.common.ConflictException;
import dev.ariadne.common.DrainingException;
import dev.ariadne.common.InvalidRequestException;
import dev.ariadne.common.LimitExceededException;
import dev.ariadne.common.UnavailableException;
import dev.ariadne.common.Violations;
import dev.ariadne.number.NumberDirectory;
import dev.ariadne.number.PhoneNumber;
import dev.ariadne.telemetry.CallTracing;
import dev.ariadne.tenant.AuthenticatedTenant;
import dev.ariadne.tenant.TenantService;
import dev.ariadne.trunk.Trunk;
import dev.ariadne.trunk.TrunkDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Places outbound calls for a tenant ({@code POST /api/v1/calls}): checks the request against the tenant's
 * numbers, agents and trunks (nothing is dialled for a bad one), plans the trunks to try, counts the call
 * against the trunk's and the tier's limits, records it, and starts its session, which connects the agent and
 * dials ({@link OutboundDial}). An {@code Idempotency-Key} returns the call an earlier request with the same key
 * made, and dials nothing new.
 */
@Service
public class OutboundCalls {
    private static final Logger log = LoggerFactory.getLogger(OutboundCalls.class);
    private final NumberDirectory numbers;
    private final AgentService agents;
    private final TrunkDirectory trunks;
    private final TenantService tenants;
    private final CallRegistry registry;
    private final CallRepository records;
    private final IdempotencyKeys keys;
    private final CallTracing tracing;
    private final ObjectProvider<CallServices> services;
    private final OutboundProperties props;
    private final TransactionalOperator tx;
    private final TwilioDialer twilio;
    private final CallIntake intake;

    OutboundCalls(NumberDirectory numbers, AgentService agents, TrunkDirectory trunks, TenantService tenants,
            CallRegistry registry, CallRepository records, IdempotencyKeys keys, CallTracing tracing,
            ObjectProvider<CallServices> services, OutboundProperties props, TransactionalOperator tx,
            TwilioDialer twilio, CallIntake intake) {
        this.intake = intake;
        this.numbers = numbers;
        this.agents = agents;
        this.trunks = trunks;
        this.tenants = tenants;
        this.registry = registry;
        this.records = records;
        this.keys = keys;
        this.tracing = tracing;
        this.services = services;
        this.props = props;
        this.tx = tx;
        this.twilio = twilio;
    }

    /** The call placed, or the one an earlier request with the same idempotency key placed. */
    public record Placed(CallRecord call, boolean replayed) {}

    public Mono<Placed> place(AuthenticatedTenant tenant, OutboundCallRequest input, String idempotencyKey) {
        return Mono.defer(() -> {
            checkKey(idempotencyKey);
            OutboundCallRequest request = input.validated();
            String digest = request.digest();
            // A replay still answers while the node drains: it dials nothing.
            Mono<Placed> fresh = Mono.defer(() -> intake.draining()
                    ? Mono.error(new DrainingException("this Ariadne node is shutting down and places no new calls; "
                            + "send the request again (another node takes it)"))
                    : dial(tenant, request, idempotencyKey, digest));
            return idempotencyKey == null ? fresh : replay(tenant.tenantId(), idempotencyKey, digest).switchIfEmpty(fresh);
        });
    }

    private Mono<Placed> replay(UUID tenantId, String key, String digest) {
        return keys.find(tenantId, key).flatMap(use -> {
            if (!use.requestHash().equals(digest)) {
                return Mono.error(new ConflictException("Idempotency-Key '" + key + "' was used for a different request"));
            }
            return records.find(tenantId, use.callId()).map(c -> new Placed(c, true));
        });
    }

    private Mono<Placed> dial(AuthenticatedTenant tenant, OutboundCallRequest request, String key, String digest) {
        Mono<Optional<PhoneNumber>> from = numbers.byE164(request.from())
                .filter(n -> n.tenantId().equals(tenant.tenantId())).map(Optional::of).defaultIfEmpty(Optional.empty());
        Mono<List<Trunk>> all = trunks.inPriorityOrder(tenant.tenantId()).collectList();
        Mono<Integer> tenantLimit = tenants.find(tenant.tenantId()).map(t -> tenants.limits(t.tier()).maxConcurrentCalls());
        Mono<Boolean> fallback = twilio.fallback(tenant.tenantId()).defaultIfEmpty(false);
        Mono<CallSlots.Usage> usage = registry.usage(tenant.tenantId());
        return Mono.zip(from, all, tenantLimit, fallback, usage).flatMap(x -> {
            Optional<PhoneNumber> number = x.getT1();
            UUID agentId = request.agentId() != null ? request.agentId() : number.map(PhoneNumber::agentId).orElse(null);
            Mono<Optional<Agent>> agent = agentId == null ? Mono.just(Optional.empty())
                    : agents.find(tenant.tenantId(), agentId).map(Optional::of).defaultIfEmpty(Optional.empty());
            return agent.flatMap(a -> {
                OutboundPlan plan = plan(request, number, a, x.getT2(), tenant, x.getT3(), x.getT4(), x.getT5());
                CallServices call = services.getIfAvailable();
                if (call == null) {
                    return Mono.error(new UnavailableException("call control is off (ariadne.ari.enabled=false)"));
                }
                CallContext context = CallContext.outbound(tenant.tenantId(), a.orElseThrow(), number.orElseThrow(),
                        request.to(), x.getT3(), request.customParameters());
                return start(call, context, plan, key, digest);
            });
        });
    }

    /** Every field checked against the tenant's data; then the trunks to try, the first one with room first. */
    private OutboundPlan plan(OutboundCallRequest request, Optional<PhoneNumber> number, Optional<Agent> agent,
            List<Trunk> all, AuthenticatedTenant tenant, int tenantLimit, boolean twilioFallback, CallSlots.Usage usage) {
        Violations v = new Violations();
        v.check(number.isPresent(), "from", "is not one of this tenant's numbers");
        if (request.agentId() != null) {
            v.check(agent.isPresent(), "agentId", "is not one of this tenant's agents");
        }
        Map<UUID, Trunk> byId = all.stream().collect(Collectors.toMap(Trunk::id, t -> t, (a, b) -> a, LinkedHashMap::new));
        List<Trunk> candidates;
        if (request.trunkId() != null) {
            Trunk pinned = byId.get(request.trunkId());
            if (pinned == null) {
                v.add("trunkId", "is not one of this tenant's trunks");
                candidates = List.of();
            } else {
                v.check(pinned.enabled(), "trunkId", "trunk '" + pinned.name() + "' is disabled");
                v.check(pinned.allowsOutbound(), "trunkId", "trunk '" + pinned.name() + "' takes no outbound calls (direction inbound)");
                candidates = chain(pinned, byId);
            }
        } else {
            candidates = all.stream().filter(Trunk::enabled).filter(Trunk::allowsOutbound)
                    .sorted(Comparator.comparingInt(Trunk::priority).thenComparingLong(t -> usage.onTrunk(t.id())))
                    .toList();
        }
        OutboundCallRequest.SipTarget sip = request.sipTarget();
        if (sip != null && !candidates.isEmpty()) {
            List<Trunk> onHost = candidates.stream().filter(t -> t.host().equalsIgnoreCase(sip.host())
                    || sip.host().equalsIgnoreCase(t.fromDomain())).toList();
            v.check(!onHost.isEmpty(), "to", "the SIP URI's host " + sip.host() + " is none of the trunks' hosts ("
                    + candidates.stream().map(Trunk::host).distinct().collect(Collectors.joining(", "))
                    + "): a SIP URI is dialled through the trunk it belongs to");
            candidates = onHost;
        }
        if (agent.isEmpty() && request.agentId() == null && number.isPresent()) {
            v.add("agentId", "the number has no agent"); // cannot happen: numbers need one
        }
        v.throwIfAny();
        Duration ring = request.ringTimeoutSeconds() == null ? props.defaultRingTimeout()
                : Duration.ofSeconds(request.ringTimeoutSeconds());
        String user = sip != null ? sip.user() : request.to();
        boolean viaTwilio = twilioFallback && sip == null; // a SIP URI belongs to a trunk's host
        long active = usage.tenantCalls();
        if (active >= tenantLimit) {
            throw new LimitExceededException("tier " + tenant.tier().wire() + " allows " + tenantLimit
                    + " concurrent calls (inbound and outbound); this tenant has " + active);
        }
        if (candidates.isEmpty()) {
            if (viaTwilio) {
                return new OutboundPlan(List.of(), user, ring, true);
            }
            throw new ConflictException("the tenant has no enabled trunk with direction outbound or both");
        }
        // The first trunk that is reachable and under its limit goes first; the others stay for failover.
        List<String> refusals = new ArrayList<>();
        Trunk first = null;
        for (Trunk t : candidates) {
            if ("unreachable".equals(t.health().status())) {
                refusals.add("trunk '" + t.name() + "' is unreachable (" + t.health().detail() + ")");
            } else if (usage.onTrunk(t.id()) >= t.maxConcurrentCalls()) {
                refusals.add("trunk '" + t.name() + "' is at its limit of " + t.maxConcurrentCalls() + " concurrent calls");
            } else {
                first = t;
                break;
            }
        }
        if (first == null && viaTwilio) {
            return new OutboundPlan(List.of(), user, ring, true); // no trunk can take it now: Twilio, the last resort
        }
        if (first == null) {
            String why = "no trunk can take the call now: " + String.join("; ", refusals);
            if (refusals.stream().anyMatch(r -> r.contains("limit"))) {
                throw new LimitExceededException(why);
            }
            throw new UnavailableException(why);
        }
        List<Trunk> order = new ArrayList<>();
        order.add(first);
        for (Trunk t : candidates) {
            if (t != first) {
                order.add(t);
            }
        }
        return new OutboundPlan(order, user, ring, viaTwilio);
    }

    /** A pinned trunk and the trunks its {@code failoverTrunkId}s lead to, as long as they can carry calls out. */
    private static List<Trunk> chain(Trunk pinned, Map<UUID, Trunk> byId) {
        List<Trunk> chain = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (Trunk t = pinned; t != null && seen.add(t.id()); t = t.failoverTrunkId() == null ? null : byId.get(t.failoverTrunkId())) {
            if (t.enabled() && t.allowsOutbound()) {
                chain.add(t);
            }
        }
        return chain;
    }

    private Mono<Placed> start(CallServices call, CallContext context, OutboundPlan plan, String key, String digest) {
        UUID callId = UUID.randomUUID();
        var span = tracing.startCall(callId.toString(), "outbound");
        span.tenant(context.tenantId().toString());
        CallSession session = CallSession.outbound(callId, context, plan, System.nanoTime(), call, span);
        return registry.admit(session, plan.first() == null ? Integer.MAX_VALUE : plan.first().maxConcurrentCalls(),
                        context.tenantCallLimit())
                .flatMap(refused -> {
                    if (refused.isPresent()) {
                        span.end("rejected", "busy", false);
                        return Mono.error(new LimitExceededException("the call cannot be placed now: " + refused.get()));
                    }
                    return record(call, context, plan, key, digest, callId, session, span);
                });
    }

    private Mono<Placed> record(CallServices call, CallContext context, OutboundPlan plan, String key, String digest,
            UUID callId, CallSession session, dev.ariadne.telemetry.CallSpan span) {
        Mono<Boolean> claimed = key == null ? Mono.just(true) : keys.claim(context.tenantId(), key, digest, callId);
        return claimed
                .flatMap(won -> !won ? Mono.just(false) : records.insertOutbound(callId, context.tenantId(),
                        plan.first() == null ? null : plan.first().id(), context.number().id(), context.agent().id(), context.from(), context.to(),
                        span.traceId(), call.props().node()).thenReturn(true))
                .as(tx::transactional)
                .onErrorResume(e -> {
                    registry.remove(session);
                    span.end("failed", "record_failed", true);
                    return Mono.error(e);
                })
                .flatMap(won -> {
                    if (!won) {
                        // A concurrent request with the same key won: it dials, this one returns its call.
                        registry.remove(session);
                        span.end("rejected", "idempotent_replay", false);
                        return replay(context.tenantId(), key, digest);
                    }
                    span.info(log, "outbound call to {} from {} (plan: {}{})", context.to(), context.from(),
                            plan.order().stream().map(Trunk::name).collect(Collectors.joining(", ")),
                            plan.twilioFallback() ? (plan.order().isEmpty() ? "Twilio" : ", then Twilio") : "");
                    call.meters().started(CallContext.OUTBOUND);
                    session.run();
                    return records.find(context.tenantId(), callId).map(c -> new Placed(c, false));
                });
    }

    private static void checkKey(String key) {
        if (key != null && (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e))) {
            throw InvalidRequestException.of("Idempotency-Key", "must be 1 to 255 printable ASCII characters without spaces");
        }
    }
}
