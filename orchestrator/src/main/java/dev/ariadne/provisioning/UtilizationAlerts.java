package dev.ariadne.provisioning;

import dev.ariadne.trunk.Trunk;
import dev.ariadne.webhook.EventTypes;
import dev.ariadne.webhook.TenantEvents;
import dev.ariadne.webhook.WebhookProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code trunk.utilization_high}: once each time a trunk's calls (on every live node) over its maximum go above
 * {@code ariadne.webhooks.utilization-threshold}, from the figures each health pass computes. Whether a trunk is above
 * is kept in ariadne.trunk_utilization_alerts, changed by one atomic upsert, so the event is sent once per crossing
 * whichever node's pass sees it first, and not again after a restart; this node only asks when its last view of the
 * trunk differs.
 */
@Component
class UtilizationAlerts {
    private static final String FLIP = """
            INSERT INTO ariadne.trunk_utilization_alerts (trunk_id, high) VALUES (:trunk, :high)
            ON CONFLICT (trunk_id) DO UPDATE SET high = EXCLUDED.high, changed_at = now()
                WHERE trunk_utilization_alerts.high <> EXCLUDED.high
            RETURNING high""";
    private final DatabaseClient db;
    private final TenantEvents events;
    private final TransactionalOperator tx;
    private final double threshold;
    private final Map<UUID, Boolean> seen = new ConcurrentHashMap<>();

    UtilizationAlerts(DatabaseClient db, TenantEvents events, TransactionalOperator tx, WebhookProperties props) {
        this.db = db;
        this.events = events;
        this.tx = tx;
        this.threshold = props.utilizationThreshold();
    }

    Mono<Void> check(List<ProvisioningMeters.TrunkSeen> trunks, Map<UUID, Long> calls) {
        return Flux.fromIterable(trunks)
                .concatMap(seen -> check(seen.trunk(), calls.getOrDefault(seen.trunk().id(), 0L)))
                .then();
    }

    private Mono<Void> check(Trunk t, long active) {
        boolean high = t.maxConcurrentCalls() > 0 && (double) active / t.maxConcurrentCalls() > threshold;
        if (seen.getOrDefault(t.id(), false) == high) {
            return Mono.empty();
        }
        return db.sql(FLIP).bind("trunk", t.id()).bind("high", high)
                .map(r -> Boolean.TRUE.equals(r.get("high", Boolean.class)))
                .one()
                .filter(Boolean::booleanValue)
                .flatMap(up -> {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("trunkId", t.id());
                    data.put("name", t.name());
                    data.put("activeCalls", active);
                    data.put("maxConcurrentCalls", t.maxConcurrentCalls());
                    data.put("utilization", (double) active / t.maxConcurrentCalls());
                    data.put("threshold", threshold);
                    return events.record(t.tenantId(), EventTypes.TRUNK_UTILIZATION_HIGH, data);
                })
                .as(tx::transactional)
                .doOnSuccess(x -> seen.put(t.id(), high));
    }
}
