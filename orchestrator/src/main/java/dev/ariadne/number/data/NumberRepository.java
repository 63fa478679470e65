package dev.ariadne.number.data;

import dev.ariadne.number.PhoneNumber;
import static dev.ariadne.db.Rows.instant;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.UUID;
import dev.ariadne.db.TenantRows;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Rows of ariadne.numbers, mapped by hand. */
@Repository
public class NumberRepository {
    private final DatabaseClient db;

    public NumberRepository(DatabaseClient db) {
        this.db = db;
    }

    /** @param trunkId null for a number on Twilio; then {@code twilioNumberSid} names it there */
    public Mono<PhoneNumber> insert(UUID id, UUID tenantId, String e164, UUID trunkId, UUID agentId, String source,
            String twilioNumberSid) {
        var q = db.sql("INSERT INTO ariadne.numbers (id, tenant_id, e164, trunk_id, agent_id, source, twilio_number_sid)"
                        + " VALUES (:id, :tenant, :e164, :trunk, :agent, :source, :twilio) RETURNING *")
                .bind("id", id)
                .bind("tenant", tenantId)
                .bind("e164", e164)
                .bind("agent", agentId)
                .bind("source", source);
        q = trunkId == null ? q.bindNull("trunk", UUID.class) : q.bind("trunk", trunkId);
        q = twilioNumberSid == null ? q.bindNull("twilio", String.class) : q.bind("twilio", twilioNumberSid);
        return q.map(NumberRepository::number).one();
    }

    public Mono<PhoneNumber> update(UUID tenantId, UUID id, String e164, UUID trunkId, UUID agentId, String source,
            String twilioNumberSid) {
        var q = db.sql("UPDATE ariadne.numbers SET e164 = :e164, trunk_id = :trunk, agent_id = :agent, source = :source,"
                        + " twilio_number_sid = :twilio, updated_at = now() WHERE tenant_id = :tenant AND id = :id RETURNING *")
                .bind("id", id)
                .bind("tenant", tenantId)
                .bind("e164", e164)
                .bind("agent", agentId)
                .bind("source", source);
        q = trunkId == null ? q.bindNull("trunk", UUID.class) : q.bind("trunk", trunkId);
        q = twilioNumberSid == null ? q.bindNull("twilio", String.class) : q.bind("twilio", twilioNumberSid);
        return q.map(NumberRepository::number).one();
    }

    public Mono<Long> countOnTwilio(UUID tenantId) {
        return db.sql("SELECT count(*) AS n FROM ariadne.numbers WHERE tenant_id = :tenant AND source = 'twilio'")
                .bind("tenant", tenantId)
                .map(r -> r.get("n", Long.class))
                .one();
    }

    public Mono<PhoneNumber> find(UUID tenantId, UUID id) {
        return db.sql("SELECT * FROM ariadne.numbers WHERE tenant_id = :tenant AND id = :id")
                .bind("tenant", tenantId)
                .bind("id", id)
                .map(NumberRepository::number)
                .one();
    }

    /** Any tenant's number: call routing looks the DID up first, then checks the tenant. */
    public Mono<PhoneNumber> findByE164(String e164) {
        return db.sql("SELECT * FROM ariadne.numbers WHERE e164 = :e164")
                .bind("e164", e164)
                .map(NumberRepository::number)
                .one();
    }

    public Flux<String> e164sOnTrunk(UUID trunkId) {
        return db.sql("SELECT e164 FROM ariadne.numbers WHERE trunk_id = :trunk ORDER BY e164")
                .bind("trunk", trunkId)
                .map(r -> r.get("e164", String.class))
                .all();
    }

    public Mono<Boolean> e164Taken(String e164, UUID exceptId) {
        return db.sql("SELECT 1 FROM ariadne.numbers WHERE e164 = :e164 AND id <> :except")
                .bind("e164", e164)
                .bind("except", exceptId == null ? new UUID(0, 0) : exceptId)
                .map(r -> true)
                .first()
                .defaultIfEmpty(false);
    }

    public Flux<PhoneNumber> list(UUID tenantId, long offset, int limit) {
        return db.sql("SELECT * FROM ariadne.numbers WHERE tenant_id = :tenant ORDER BY e164"
                        + " OFFSET :offset LIMIT :limit")
                .bind("tenant", tenantId)
                .bind("offset", offset)
                .bind("limit", limit)
                .map(NumberRepository::number)
                .all();
    }

    public Mono<Long> count(UUID tenantId) {
        return TenantRows.count(db, "ariadne.numbers", tenantId);
    }

    public Mono<Long> delete(UUID tenantId, UUID id) {
        return TenantRows.delete(db, "ariadne.numbers", tenantId, id);
    }

    private static PhoneNumber number(Readable r) {
        return new PhoneNumber(
                r.get("id", UUID.class),
                r.get("tenant_id", UUID.class),
                r.get("e164", String.class),
                r.get("trunk_id", UUID.class),
                r.get("agent_id", UUID.class),
                instant(r, "created_at"),
                instant(r, "updated_at"),
                r.get("source", String.class),
                r.get("twilio_number_sid", String.class));
    }

}
