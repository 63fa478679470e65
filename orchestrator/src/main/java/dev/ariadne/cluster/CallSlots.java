package dev.ariadne.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The calls every node carries, counted against their tenant's and trunk's concurrent-call limits in PostgreSQL
 * ({@code ariadne.call_slots}), so that the limits hold across nodes. A slot counts while its node is live (its
 * heartbeat younger than the node timeout) or is this node. Admissions of one tenant are serialized by a
 * transaction-scoped advisory lock on the tenant; a trunk belongs to one tenant, so that lock covers its trunks too.
 */
@Component
public class CallSlots {
    // The two-key advisory lock space, first key fixed: no collision with other single-key locks.
    private static final String LOCK = "SELECT pg_advisory_xact_lock(1095, hashtext(CAST(:tenant AS text)))";
    private static final String LIVE = "(s.node_id = :node OR EXISTS (SELECT 1 FROM ariadne.cluster_nodes n"
            + " WHERE n.node_id = s.node_id AND n.heartbeat_at > now() - make_interval(secs => :timeout)))";
    private static final String ADMIT = """
            WITH live AS (SELECT s.trunk_id FROM ariadne.call_slots s WHERE s.tenant_id = :tenant AND %s),
            counted AS (SELECT count(*) AS tenant_calls, count(*) FILTER (WHERE trunk_id = :trunk) AS trunk_calls
                        FROM live),
            admitted AS (INSERT INTO ariadne.call_slots (call_id, node_id, tenant_id, trunk_id)
                         SELECT :call, :node, :tenant, :trunk FROM counted
                         WHERE trunk_calls < :trunkLimit AND tenant_calls < :tenantLimit
                         RETURNING call_id)
            SELECT trunk_calls, (SELECT count(*) FROM admitted) AS admitted FROM counted""".formatted(LIVE);
    private static final String MOVE = """
            UPDATE ariadne.call_slots SET trunk_id = :trunk WHERE call_id = :call AND
              (SELECT count(*) FROM ariadne.call_slots s WHERE s.trunk_id = :trunk AND s.call_id <> :call AND %s)
              < :trunkLimit""".formatted(LIVE);
    private static final String USAGE = "SELECT s.trunk_id, count(*) AS calls FROM ariadne.call_slots s"
            + " WHERE s.tenant_id = :tenant AND " + LIVE + " GROUP BY s.trunk_id";
    private static final String USAGE_ALL = "SELECT s.trunk_id, count(*) AS calls FROM ariadne.call_slots s"
            + " WHERE s.trunk_id IS NOT NULL AND " + LIVE + " GROUP BY s.trunk_id";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final String node;
    private final double timeout;

    public CallSlots(DatabaseClient db, TransactionalOperator tx, ClusterProperties props) {
        this.db = db;
        this.tx = tx;
        this.node = props.nodeId();
        this.timeout = props.timeoutSeconds();
    }

    /**
     * Takes a slot for the call if its trunk (null: none, e.g. a Twilio call) and its tenant are under their limits.
     *
     * @return empty when admitted, else why not (the same texts on every node)
     */
    public Mono<String> admit(UUID callId, UUID tenantId, UUID trunkId, int trunkLimit, int tenantLimit) {
        var admit = bindTrunk(db.sql(ADMIT), trunkId)
                .bind("call", callId).bind("node", node).bind("tenant", tenantId).bind("timeout", timeout)
                .bind("trunkLimit", trunkLimit).bind("tenantLimit", tenantLimit)
                .map(r -> r.get("admitted", Long.class) > 0 ? ""
                        : r.get("trunk_calls", Long.class) >= trunkLimit
                                ? "trunk is at its limit of " + trunkLimit + " concurrent calls"
                                : "tenant's tier allows " + tenantLimit + " concurrent calls")
                .one();
        return lock(tenantId).then(admit).as(tx::transactional).filter(refusal -> !refusal.isEmpty());
    }

    /** Moves the call's slot to {@code trunkId} (failover) if that trunk is under its limit; true when moved. */
    public Mono<Boolean> moveTo(UUID callId, UUID tenantId, UUID trunkId, int trunkLimit) {
        var move = db.sql(MOVE).bind("trunk", trunkId).bind("call", callId).bind("node", node)
                .bind("timeout", timeout).bind("trunkLimit", trunkLimit).fetch().rowsUpdated();
        return lock(tenantId).then(move).as(tx::transactional).map(n -> n > 0);
    }

    /** The call left its trunks (for Twilio): it counts for its tenant only. */
    public Mono<Void> leaveTrunk(UUID callId) {
        return db.sql("UPDATE ariadne.call_slots SET trunk_id = NULL WHERE call_id = :call").bind("call", callId)
                .fetch().rowsUpdated().then();
    }

    /** The call ended (or its setup failed): its slot is free. */
    public Mono<Void> release(UUID callId) {
        return db.sql("DELETE FROM ariadne.call_slots WHERE call_id = :call").bind("call", callId)
                .fetch().rowsUpdated().then();
    }

    /** A tenant's calls on every live node, in all and per trunk. */
    public Mono<Usage> usage(UUID tenantId) {
        return db.sql(USAGE).bind("tenant", tenantId).bind("node", node).bind("timeout", timeout)
                .map(r -> Map.entry(r.get("trunk_id", UUID.class) == null ? NO_TRUNK : r.get("trunk_id", UUID.class),
                        r.get("calls", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new)
                .map(Usage::new);
    }

    /** Every trunk's calls on every live node (trunks without calls are absent). */
    public Mono<Map<UUID, Long>> usageByTrunk() {
        return db.sql(USAGE_ALL).bind("node", node).bind("timeout", timeout)
                .map(r -> Map.entry(r.get("trunk_id", UUID.class), r.get("calls", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
    }

    private static final UUID NO_TRUNK = new UUID(0, 0);

    /** What a tenant's calls take: in all, and per trunk. */
    public record Usage(Map<UUID, Long> byTrunk) {
        public long tenantCalls() {
            return byTrunk.values().stream().mapToLong(Long::longValue).sum();
        }

        public long onTrunk(UUID trunkId) {
            return byTrunk.getOrDefault(trunkId, 0L);
        }
    }

    private Mono<Void> lock(UUID tenantId) {
        return db.sql(LOCK).bind("tenant", tenantId).fetch().rowsUpdated().then();
    }

    private static DatabaseClient.GenericExecuteSpec bindTrunk(DatabaseClient.GenericExecuteSpec spec, UUID trunkId) {
        return trunkId == null ? spec.bindNull("trunk", UUID.class) : spec.bind("trunk", trunkId);
    }
}
