package dev.ariadne.cluster;

import dev.ariadne.jobs.PeriodicPass;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * This node in {@code ariadne.cluster_nodes}: registered at start (its call slots left from an earlier run
 * deleted), its heartbeat written every heartbeat interval, followed by the registrar lease's renewal and the
 * deletion of dead nodes' call slots.
 */
final class NodeHeartbeat {
    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);
    private final DatabaseClient db;
    private final String node;
    private final double timeout;
    private final RegistrarLease lease;
    private final PeriodicPass pass;

    NodeHeartbeat(DatabaseClient db, ClusterProperties props, RegistrarLease lease) {
        this.db = db;
        this.node = props.nodeId();
        this.timeout = props.timeoutSeconds();
        this.lease = lease;
        this.pass = new PeriodicPass("cluster heartbeat", Flux.interval(Duration.ZERO, props.heartbeatInterval()),
                this::beatOnce, log);
    }

    /** A (re)started node: its row's start time is now, and the slots of calls it carried before are gone. */
    Mono<Long> register() {
        return db.sql("""
                        INSERT INTO ariadne.cluster_nodes (node_id, started_at, heartbeat_at) VALUES (:node, now(), now())
                        ON CONFLICT (node_id) DO UPDATE SET started_at = now(), heartbeat_at = now()""")
                .bind("node", node).fetch().rowsUpdated()
                .then(db.sql("DELETE FROM ariadne.call_slots WHERE node_id = :node").bind("node", node)
                        .fetch().rowsUpdated())
                .doOnNext(n -> log.info("cluster node {} registered ({} call slot(s) of its previous run freed)", node, n));
    }

    /** One heartbeat: the node's row, the registrar lease, the dead nodes' slots. */
    Mono<Void> beatOnce() {
        Mono<Long> beat = db.sql("""
                        INSERT INTO ariadne.cluster_nodes (node_id) VALUES (:node)
                        ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = now()""")
                .bind("node", node).fetch().rowsUpdated();
        return beat.then(lease.renew())
                .doOnError(e -> lease.lost())
                .then(deleteDeadSlots())
                .then();
    }

    /** Slots of nodes whose heartbeat is past the timeout (or that never beat): their calls are gone. */
    Mono<Long> deleteDeadSlots() {
        return db.sql("""
                        DELETE FROM ariadne.call_slots s WHERE s.node_id <> :node AND NOT EXISTS (
                          SELECT 1 FROM ariadne.cluster_nodes n
                          WHERE n.node_id = s.node_id AND n.heartbeat_at > now() - make_interval(secs => :timeout))""")
                .bind("node", node).bind("timeout", timeout).fetch().rowsUpdated()
                .doOnNext(n -> {
                    if (n > 0) {
                        log.warn("{} call slot(s) of dead node(s) deleted", n);
                    }
                });
    }

    void start() {
        pass.start();
    }

    void stop() {
        pass.stop();
    }

    boolean isRunning() {
        return pass.isRunning();
    }
}
