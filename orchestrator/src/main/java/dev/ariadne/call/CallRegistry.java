package dev.ariadne.call;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The calls this orchestrator is carrying, by call id and by every channel id they own, so that ARI events
 * find their call. Each session handles its own events in order; this map only routes.
 */
@Component
class CallRegistry {
    private final Map<UUID, CallSession> byId = new ConcurrentHashMap<>();
    private final Map<String, CallSession> byChannel = new ConcurrentHashMap<>();

    /**
     * Counts the call in if its trunk and tenant are under their limits; otherwise says why not. Synchronized
     * so that two calls arriving together cannot both take the last slot.
     *
     * @return null when admitted, else the reason
     */
    synchronized String admit(CallSession s, int trunkLimit, int tenantLimit) {
        if (s.trunkId() != null && activeOnTrunk(s.trunkId()) >= trunkLimit) {
            return "trunk is at its limit of " + trunkLimit + " concurrent calls";
        }
        if (activeForTenant(s.tenantId()) >= tenantLimit) {
            return "tenant's tier allows " + tenantLimit + " concurrent calls";
        }
        byId.put(s.callId(), s);
        return null;
    }

    /**
     * Moves an outbound call to {@code trunk} (failover) if that trunk is under its limit; the tenant's count is
     * unchanged. Synchronized with {@link #admit}.
     */
    synchronized boolean moveTo(CallSession s, dev.ariadne.trunk.Trunk trunk) {
        if (activeOnTrunk(trunk.id()) >= trunk.maxConcurrentCalls()) {
            return false;
        }
        s.trunk = trunk;
        return true;
    }

    /** An outbound call leaves its trunks for Twilio: no trunk counts it any more. */
    synchronized void leaveTrunk(CallSession s) {
        s.trunk = null;
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

    void remove(CallSession s) {
        byId.remove(s.callId(), s);
        byChannel.values().removeIf(x -> x == s);
    }

    Collection<CallSession> all() {
        return byId.values();
    }

    long activeOnTrunk(UUID trunkId) {
        return byId.values().stream().filter(s -> trunkId.equals(s.trunkId())).count();
    }

    long activeForTenant(UUID tenantId) {
        return byId.values().stream().filter(s -> tenantId.equals(s.tenantId())).count();
    }

    /** Hangs the call up if this node carries it; completes when its teardown has finished. */
    Mono<Void> hangup(UUID callId, String cause) {
        CallSession s = byId.get(callId);
        return s == null ? Mono.empty() : s.end(cause, null);
    }
}
