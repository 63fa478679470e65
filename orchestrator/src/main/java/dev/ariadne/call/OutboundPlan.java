package dev.ariadne.call;

import dev.ariadne.trunk.Trunk;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Which trunks an outbound call may go through, in the order they are tried, and what to dial on each.
 *
 * @param order the trunks in order: a pinned trunk and its {@code failoverTrunkId} chain, or all the tenant's
 *     outbound trunks by priority (lower first), then fewest active calls
 * @param user what to dial as the Request-URI's user: the E.164 number, or a SIP URI's user part
 * @param ringTimeout how long one attempt may ring before the call ends as {@code no_answer}
 * @param twilioFallback when every trunk failed (or none could take the call), go out through the tenant's
 *     Twilio account
 */
record OutboundPlan(List<Trunk> order, String user, Duration ringTimeout, boolean twilioFallback) {

    OutboundPlan {
        order = List.copyOf(order);
        if (order.isEmpty() && !twilioFallback) {
            throw new IllegalArgumentException("an outbound plan needs a trunk or Twilio");
        }
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(ringTimeout, "ringTimeout");
    }

    /** The first trunk to try; null when the call goes straight to Twilio. */
    Trunk first() {
        return order.isEmpty() ? null : order.getFirst();
    }

    /**
     * The trunk to try after {@code failed}: its failover trunk when that is in the plan, untried and
     * {@code eligible}, else the next untried eligible trunk in order.
     */
    Optional<Trunk> next(Trunk failed, Set<UUID> tried, Predicate<Trunk> eligible) {
        return candidates(failed, tried).stream().filter(eligible).findFirst();
    }

    /** The untried trunks after {@code failed}, in the order {@link #next} considers them, each once. */
    List<Trunk> candidates(Trunk failed, Set<UUID> tried) {
        Map<UUID, Trunk> byId = new LinkedHashMap<>();
        order.forEach(t -> byId.put(t.id(), t));
        LinkedHashSet<Trunk> candidates = new LinkedHashSet<>();
        if (failed.failoverTrunkId() != null && byId.containsKey(failed.failoverTrunkId())) {
            candidates.add(byId.get(failed.failoverTrunkId()));
        }
        candidates.addAll(order);
        return candidates.stream().filter(t -> !tried.contains(t.id())).toList();
    }

    /** The Asterisk dial string of an attempt on {@code trunk}: the trunk's own endpoint, never another's. */
    String dialString(Trunk trunk) {
        return "PJSIP/" + user + "@" + trunk.endpointId();
    }
}
