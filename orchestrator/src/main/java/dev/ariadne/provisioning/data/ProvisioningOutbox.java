package dev.ariadne.provisioning.data;

import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** ariadne.provisioning_outbox: trunk changes Asterisk still has to be told about. */
@Repository
public class ProvisioningOutbox {
    private final DatabaseClient db;

    public ProvisioningOutbox(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> enqueue(UUID trunkId, String endpointId, String action) {
        // An older pending entry for the same endpoint is superseded by this one.
        return db.sql("UPDATE ariadne.provisioning_outbox SET done_at = now(), last_error = 'superseded'"
                        + " WHERE endpoint_id = :e AND done_at IS NULL")
                .bind("e", endpointId)
                .fetch()
                .rowsUpdated()
                .then(add(trunkId, endpointId, action));
    }

    /** Records a change for an endpoint that has no pending entry (one created in this transaction). */
    public Mono<Void> add(UUID trunkId, String endpointId, String action) {
        return db.sql("INSERT INTO ariadne.provisioning_outbox (trunk_id, endpoint_id, action) VALUES (:t, :e, :a)")
                .bind("t", trunkId)
                .bind("e", endpointId)
                .bind("a", action)
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** Pending entries, oldest first. */
    public Flux<Entry> pending(int limit) {
        return db.sql("SELECT id, trunk_id, endpoint_id, action, attempts FROM ariadne.provisioning_outbox"
                        + " WHERE done_at IS NULL ORDER BY id LIMIT :limit")
                .bind("limit", limit)
                .map(r -> new Entry(
                        r.get("id", Long.class),
                        r.get("trunk_id", UUID.class),
                        r.get("endpoint_id", String.class),
                        r.get("action", String.class),
                        r.get("attempts", Integer.class)))
                .all();
    }

    /**
     * Marks a change applied.
     *
     * @return how long it took from the change's transaction to now, in seconds (the database's clock for both)
     */
    public Mono<Double> done(long id) {
        return db.sql("UPDATE ariadne.provisioning_outbox SET done_at = now(), attempts = attempts + 1 WHERE id = :id"
                        + " RETURNING CAST(EXTRACT(EPOCH FROM clock_timestamp() - created_at) AS double precision) AS lag")
                .bind("id", id)
                .map(r -> r.get("lag", Double.class))
                .one();
    }

    public Mono<Void> failed(long id, String error) {
        return db.sql("UPDATE ariadne.provisioning_outbox SET attempts = attempts + 1, last_error = :err WHERE id = :id")
                .bind("id", id)
                .bind("err", error)
                .fetch()
                .rowsUpdated()
                .then();
    }

    /** One pending change. */
    public record Entry(long id, UUID trunkId, String endpointId, String action, int attempts) {}
}
