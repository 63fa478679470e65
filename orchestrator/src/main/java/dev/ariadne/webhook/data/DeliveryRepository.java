package dev.ariadne.webhook.data;

import static dev.ariadne.db.Rows.instant;

import dev.ariadne.webhook.Delivery;
import dev.ariadne.webhook.TenantEvent;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Rows of ariadne.webhook_deliveries: the worker's claims and outcomes, and the tenant's listing. */
@Repository
public class DeliveryRepository {
    /**
     * Claims due deliveries fairly: for each enabled webhook at most its free share of {@code perWebhook} (what this
     * node does not already have in flight to it), the oldest first, then the batch takes every webhook's first
     * before any webhook's second. Claiming moves {@code next_attempt_at} to the lease's end, so a node that dies
     * leaves the row due again then; SKIP LOCKED keeps two nodes from claiming the same row.
     */
    private static final String CLAIM = """
            WITH pick AS (
                SELECT d.id, row_number() OVER (PARTITION BY d.webhook_id ORDER BY d.next_attempt_at, d.id) AS rn,
                       d.next_attempt_at
                FROM ariadne.webhooks w
                LEFT JOIN unnest(CAST(:busyIds AS uuid[]), CAST(:busyCounts AS integer[])) AS u (webhook_id, used)
                       ON u.webhook_id = w.id
                CROSS JOIN LATERAL (
                    SELECT x.id, x.webhook_id, x.next_attempt_at FROM ariadne.webhook_deliveries x
                    WHERE x.webhook_id = w.id AND x.status = 'pending' AND x.next_attempt_at <= now()
                    ORDER BY x.next_attempt_at, x.id
                    LIMIT greatest(:perWebhook - coalesce(u.used, 0), 0)
                    FOR UPDATE OF x SKIP LOCKED) d
                WHERE w.enabled
                ORDER BY rn, d.next_attempt_at
                LIMIT :batch)
            UPDATE ariadne.webhook_deliveries d
            SET next_attempt_at = now() + make_interval(secs => :leaseSeconds), claimed_by = :node
            FROM pick, ariadne.webhooks w, ariadne.events e
            WHERE d.id = pick.id AND w.id = d.webhook_id AND e.id = d.event_id
            RETURNING d.id, d.webhook_id, d.attempts, w.url, w.secret_enc, e.id AS event_id, e.tenant_id,
                      e.type AS event_type, e.payload, e.created_at AS event_created_at""";
    private static final String LIST = "SELECT d.*, e.type AS event_type FROM ariadne.webhook_deliveries d"
            + " JOIN ariadne.events e ON e.id = d.event_id WHERE d.webhook_id = :webhook";
    private final DatabaseClient db;

    public DeliveryRepository(DatabaseClient db) {
        this.db = db;
    }

    /** A claimed delivery with what sending it takes. */
    public record Claimed(UUID id, UUID webhookId, int attempts, String url, byte[] secretEnc, TenantEvent event) {}

    /** @param inFlight this node's requests in flight per webhook */
    public Flux<Claimed> claim(String node, int perWebhook, Map<UUID, Integer> inFlight, int batch, Duration lease) {
        return db.sql(CLAIM)
                .bind("busyIds", inFlight.keySet().toArray(UUID[]::new))
                .bind("busyCounts", inFlight.values().toArray(Integer[]::new))
                .bind("perWebhook", perWebhook)
                .bind("batch", batch)
                .bind("leaseSeconds", lease.toMillis() / 1000.0)
                .bind("node", node)
                .map(r -> new Claimed(r.get("id", UUID.class), r.get("webhook_id", UUID.class),
                        r.get("attempts", Integer.class), r.get("url", String.class), r.get("secret_enc", byte[].class),
                        EventOutbox.joined(r)))
                .all();
    }

    /** A 2xx answer: delivered (unless the row is no longer pending, e.g. the webhook is gone). */
    public Mono<Void> delivered(UUID id, int statusCode, String excerpt) {
        GenericExecuteSpec q = db.sql("UPDATE ariadne.webhook_deliveries SET status = 'delivered', attempts = attempts + 1,"
                        + " last_attempt_at = now(), delivered_at = now(), last_status_code = :code, last_error = NULL,"
                        + " last_response_excerpt = :excerpt, next_attempt_at = NULL, claimed_by = NULL"
                        + " WHERE id = :id AND status = 'pending'")
                .bind("id", id)
                .bind("code", statusCode);
        return bindNullable(q, "excerpt", excerpt).fetch().rowsUpdated().then();
    }

    /**
     * An attempt that did not deliver: tried again after {@code delay}, but never later than the event's age
     * {@code giveUpAfter}; once that age is reached the delivery is {@code failed}. Answers the new status.
     */
    public Mono<String> notDelivered(UUID id, Integer statusCode, String error, String excerpt, Duration delay,
            Duration giveUpAfter) {
        GenericExecuteSpec q = db.sql("""
                        UPDATE ariadne.webhook_deliveries d SET attempts = d.attempts + 1, last_attempt_at = now(),
                            last_status_code = :code, last_error = :error, last_response_excerpt = :excerpt, claimed_by = NULL,
                            status = CASE WHEN now() >= e.created_at + make_interval(secs => :giveUp) THEN 'failed'
                                ELSE 'pending' END,
                            next_attempt_at = CASE WHEN now() >= e.created_at + make_interval(secs => :giveUp) THEN NULL
                                ELSE least(now() + make_interval(secs => :delay),
                                           e.created_at + make_interval(secs => :giveUp)) END
                        FROM ariadne.events e
                        WHERE e.id = d.event_id AND d.id = :id AND d.status = 'pending'
                        RETURNING d.status""")
                .bind("id", id)
                .bind("error", truncate(error, 500))
                .bind("delay", delay.toMillis() / 1000.0)
                .bind("giveUp", giveUpAfter.toMillis() / 1000.0);
        q = statusCode == null ? q.bindNull("code", Integer.class) : q.bind("code", statusCode);
        return bindNullable(q, "excerpt", excerpt).map(r -> r.get("status", String.class)).one();
    }

    public Flux<Delivery> list(UUID webhookId, String status, long offset, int limit) {
        GenericExecuteSpec q = db.sql(LIST + (status == null ? "" : " AND d.status = :status")
                        + " ORDER BY d.created_at DESC, d.id OFFSET :offset LIMIT :limit")
                .bind("webhook", webhookId)
                .bind("offset", offset)
                .bind("limit", limit);
        return (status == null ? q : q.bind("status", status)).map(DeliveryRepository::delivery).all();
    }

    public Mono<Long> count(UUID webhookId, String status) {
        GenericExecuteSpec q = db.sql("SELECT count(*) AS n FROM ariadne.webhook_deliveries WHERE webhook_id = :webhook"
                + (status == null ? "" : " AND status = :status")).bind("webhook", webhookId);
        return (status == null ? q : q.bind("status", status)).map(r -> r.get("n", Long.class)).one();
    }

    /** Due now, whatever its state: one more attempt (a delivered event is sent again). */
    public Mono<Delivery> retryNow(UUID webhookId, UUID id) {
        return db.sql("UPDATE ariadne.webhook_deliveries SET status = 'pending', next_attempt_at = now(),"
                        + " delivered_at = NULL WHERE webhook_id = :webhook AND id = :id")
                .bind("webhook", webhookId)
                .bind("id", id)
                .fetch().rowsUpdated()
                .flatMap(n -> n == 0 ? Mono.<Delivery>empty() : db.sql(LIST + " AND d.id = :id")
                        .bind("webhook", webhookId).bind("id", id).map(DeliveryRepository::delivery).one());
    }

    private static Delivery delivery(Readable r) {
        return new Delivery(
                r.get("id", UUID.class),
                r.get("webhook_id", UUID.class),
                r.get("event_id", UUID.class),
                r.get("event_type", String.class),
                r.get("status", String.class),
                r.get("attempts", Integer.class),
                instant(r, "next_attempt_at"),
                instant(r, "last_attempt_at"),
                r.get("last_status_code", Integer.class),
                r.get("last_error", String.class),
                r.get("last_response_excerpt", String.class),
                instant(r, "delivered_at"),
                instant(r, "created_at"));
    }

    private static GenericExecuteSpec bindNullable(GenericExecuteSpec q, String name, String value) {
        return value == null ? q.bindNull(name, String.class) : q.bind(name, value);
    }

    private static String truncate(String s, int max) {
        String t = s == null ? "" : s;
        return t.length() > max ? t.substring(0, max) : t;
    }
}
