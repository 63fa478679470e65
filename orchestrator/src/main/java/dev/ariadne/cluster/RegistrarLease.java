package dev.ariadne.cluster;

import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The 'registrar' lease ({@code ariadne.cluster_leases}): the one node whose Asterisk sends the trunks' REGISTERs
 * (its Asterisk sees the rows of {@code asterisk.ps_registrations_cluster}). A node takes it when it is free or
 * expired and renews it on every heartbeat for one node timeout; while its Asterisk is not connected over ARI it
 * does not compete for it (a renewal stops, the lease expires, another node takes it).
 */
public final class RegistrarLease {
    private static final Logger log = LoggerFactory.getLogger(RegistrarLease.class);
    static final String NAME = "registrar";
    // One atomic statement: a row comes back only when this node holds the lease afterwards.
    private static final String TAKE = """
            INSERT INTO ariadne.cluster_leases (name, holder, expires_at)
            VALUES (:name, :node, now() + make_interval(secs => :timeout))
            ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
            WHERE cluster_leases.expires_at < now() OR cluster_leases.holder = EXCLUDED.holder
            RETURNING holder""";

    private final DatabaseClient db;
    private final String node;
    private final double timeout;
    private final BooleanSupplier eligible;
    private final Sinks.Many<Boolean> changes = Sinks.many().multicast().directBestEffort();
    private volatile boolean held;

    RegistrarLease(DatabaseClient db, ClusterProperties props, BooleanSupplier eligible) {
        this.db = db;
        this.node = props.nodeId();
        this.timeout = props.timeoutSeconds();
        this.eligible = eligible;
    }

    /** Whether this node held the lease at its last renewal. */
    public boolean held() {
        return held;
    }

    /** true when this node gains the lease, false when it loses it. */
    public Flux<Boolean> changes() {
        return changes.asFlux();
    }

    /** Takes or renews the lease if this node may hold it; emits a change when holding changed. */
    Mono<Boolean> renew() {
        if (!eligible.getAsBoolean()) {
            return held ? release().thenReturn(false) : Mono.just(false);
        }
        Mono<Boolean> holds = db.sql(TAKE).bind("name", NAME).bind("node", node).bind("timeout", timeout)
                        .map(r -> node.equals(r.get("holder", String.class))).one().defaultIfEmpty(false);
        return holds.doOnNext(this::holding);
    }

    /** Gives the lease up at once (a stopping node), so that another node takes it at its next heartbeat. */
    Mono<Void> release() {
        return db.sql("UPDATE ariadne.cluster_leases SET expires_at = now() WHERE name = :name AND holder = :node")
                .bind("name", NAME).bind("node", node).fetch().rowsUpdated()
                .doOnNext(n -> holding(false)).then();
    }

    /** Not holding, e.g. after the database did not answer a renewal: the lease may have gone to another node. */
    void lost() {
        holding(false);
    }

    private void holding(boolean now) {
        if (held != now) {
            held = now;
            log.info("node {} {} the registrar lease", node, now ? "holds" : "no longer holds");
            changes.tryEmitNext(now);
        }
    }
}
