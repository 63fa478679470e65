package dev.ariadne.call;

import dev.ariadne.cluster.CallSlots;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The calls this orchestrator is carrying, by call id and by every channel id they own, so that ARI events
 * find their call. Each session handles its own events in order; this map only routes. What counts against the
 * limits is in the database, for every node ({@link CallSlots}).
 */
@Component
class CallRegistry {
    private static final Logger log = LoggerFactory.getLogger(CallRegistry.class);
    private final CallSlots slots;
    private final CallMeters meters;
    private final Map<UUID, CallSession> byId = new ConcurrentHashMap<>();
    private final Map<String, CallSession> byChannel = new ConcurrentHashMap<>();

    CallRegistry(CallSlots slots, CallMeters meters) {
        this.slots = slots;
        this.meters = meters;
    }

    /**
     * Counts the call in, on every node ({@link CallSlots}), if its trunk and tenant are under their limits; otherwise
     * says why not. Once admitted, the call's events find it here.
     *
     * @return empty when admitted, else the reason
     */
    Mono<Optional<String>> admit(CallSession s, int trunkLimit, int tenantLimit) {
        return slots.admit(s.callId(), s.tenantId(), s.trunkId(), trunkLimit, tenantLimit)
                .map(Optional::of)
                .switchIfEmpty(Mono.fromSupplier(() -> {
                    byId.put(s.callId(), s);
                    String direction = s.context.direction();
                    UUID tenant = s.tenantId();
                    meters.active(direction, tenant, this, r -> r.active(direction, tenant));
                    return Optional.empty();
                }));
    }

    /**
     * Moves an outbound call to {@code trunk} (failover) if that trunk is under its limit on every node; the tenant's
     * count is unchanged.
     */
    Mono<Boolean> moveTo(CallSession s, dev.ariadne.trunk.Trunk trunk) {
        return slots.moveTo(s.callId(), s.tenantId(), trunk.id(), trunk.maxConcurrentCalls()).doOnNext(moved -> {
            if (moved) {
                s.trunk = trunk;
            }
        });
    }

    /** An outbound call leaves its trunks for Twilio: no trunk counts it any more. */
    Mono<Void> leaveTrunk(CallSession s) {
        s.trunk = null;
        return slots.leaveTrunk(s.callId());
    }

    /** The tenant's calls on every live node: in all and per trunk. */
    Mono<CallSlots.Usage> usage(UUID tenantId) {
        return slots.usage(tenantId);
    }

    void channel(String channelId, CallSession s) {
        byChannel.put(channelId, s);
    }

    Optional<CallSession> byId(UUID callId) {
        return Optional.ofNullable(byId.get(callId));
    }

    Optional<CallSession> byChannel(String channelId) {
        return Optional.ofNullable(byChannel.get(channelId));
    }

    /** The call is over (or was never admitted): it leaves the maps, and an admitted call frees its slot. */
    void remove(CallSession s) {
        if (byId.remove(s.callId(), s)) {
            slots.release(s.callId())
                    .retryWhen(Retry.backoff(3, Duration.ofMillis(200)))
                    .subscribe(x -> {}, e -> log.warn("call {}: its call slot was not freed ({}); it is freed when this"
                            + " node restarts", s.callId(), e.toString()));
        }
        byChannel.values().removeIf(x -> x == s);
    }

    /** The calls of a tenant in one direction this node carries now (read by the active-calls gauge). */
    private double active(String direction, UUID tenantId) {
        int n = 0;
        for (CallSession s : byId.values()) {
            if (s.context.direction().equals(direction) && java.util.Objects.equals(s.tenantId(), tenantId)) {
                n++;
            }
        }
        return n;
    }

    Collection<CallSession> all() {
        return byId.values();
    }

    /** Hangs the call up if this node carries it; completes when its teardown has finished. */
    Mono<Void> hangup(UUID callId, String cause) {
        CallSession s = byId.get(callId);
        return s == null ? Mono.empty() : s.end(cause, null);
    }
}
