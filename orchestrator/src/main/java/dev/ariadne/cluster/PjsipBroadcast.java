package dev.ariadne.cluster;

import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Tells every node that PJSIP rows changed: {@code NOTIFY ariadne_pjsip} with the sending node's id, sent inside the
 * transaction that wrote the rows (PostgreSQL delivers it on commit, never for a rolled-back change). Every node
 * LISTENs on a connection of its own, outside the pool, reconnecting with backoff when it drops; after a reconnect
 * it reports a change, since one may have been missed meanwhile.
 */
@Component
public class PjsipBroadcast implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PjsipBroadcast.class);
    static final String CHANNEL = "ariadne_pjsip";
    private final DatabaseClient db;
    private final ConnectionFactory connections;
    private final String node;
    private final Sinks.Many<String> fromOthers = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<Integer> listens = Sinks.many().replay().latest();
    private final AtomicInteger connects = new AtomicInteger();
    private volatile Disposable listening;

    public PjsipBroadcast(DatabaseClient db, ConnectionFactory connections, ClusterProperties props) {
        this.db = db;
        this.connections = connections;
        this.node = props.nodeId();
    }

    /** Announces a change to the other nodes; joins the caller's transaction when there is one. */
    public Mono<Void> announce() {
        return db.sql("SELECT pg_notify('" + CHANNEL + "', :node)").bind("node", node).fetch().rowsUpdated().then();
    }

    /** The id of the node that changed rows (another one), or {@code reconnected} after a lost LISTEN connection. */
    public Flux<String> fromOtherNodes() {
        return fromOthers.asFlux();
    }

    /** How many times the LISTEN connection has been (re)established: for tests, which wait for the first. */
    Flux<Integer> listens() {
        return listens.asFlux();
    }

    @Override
    public void start() {
        PostgresqlConnectionFactory factory = dev.ariadne.db.PgListen.postgres(connections);
        if (factory == null) {
            log.warn("the connection factory is not r2dbc-postgresql's: trunk changes of other nodes are not heard");
            return;
        }
        listening = dev.ariadne.db.PgListen.payloads(factory, CHANNEL, this::listened, "trunk changes of other nodes",
                        log)
                .filter(from -> !from.equals(node))
                .subscribe(fromOthers::tryEmitNext);
    }

    private void listened() {
        int n = connects.incrementAndGet();
        log.info("node {} listens for trunk changes of other nodes ({})", node, n == 1 ? "connected" : "reconnected");
        if (n > 1) {
            fromOthers.tryEmitNext("reconnected");
        }
        listens.tryEmitNext(n);
    }

    @Override
    public void stop() {
        Disposable d = listening;
        if (d != null) {
            d.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable d = listening;
        return d != null && !d.isDisposed();
    }
}
