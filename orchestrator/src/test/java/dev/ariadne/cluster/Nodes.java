package dev.ariadne.cluster;

import java.time.Duration;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Several "nodes" in one test: each its own node id, its own instances, one real PostgreSQL. */
record Nodes(DatabaseClient db, TransactionalOperator tx) {

    static String id(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ClusterProperties props(String nodeId, Duration heartbeat, Duration timeout) {
        return new ClusterProperties(nodeId, heartbeat, timeout);
    }

    static ClusterProperties props(String nodeId) {
        return props(nodeId, Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    CallSlots slots(ClusterProperties props) {
        return new CallSlots(db, tx, props);
    }

    NodeHeartbeat heartbeat(ClusterProperties props) {
        return new NodeHeartbeat(db, props, lease(props));
    }

    RegistrarLease lease(ClusterProperties props) {
        return new RegistrarLease(db, props, () -> true);
    }

    long slotsOf(String nodeId) {
        return db.sql("SELECT count(*) AS n FROM ariadne.call_slots WHERE node_id = :node").bind("node", nodeId)
                .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10));
    }
}
