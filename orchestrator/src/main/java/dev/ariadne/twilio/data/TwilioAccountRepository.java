package dev.ariadne.twilio.data;

import static dev.ariadne.db.Rows.instant;

import dev.ariadne.twilio.TwilioAccount;
import io.r2dbc.spi.Readable;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Rows of ariadne.twilio_accounts, one per tenant at most. */
@Repository
public class TwilioAccountRepository {
    private final DatabaseClient db;

    public TwilioAccountRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Creates or replaces the tenant's account. */
    public Mono<TwilioAccount> upsert(UUID tenantId, String accountSid, byte[] tokenEnc, boolean fallback,
            String friendlyName) {
        var q = db.sql("INSERT INTO ariadne.twilio_accounts (tenant_id, account_sid, auth_token_enc, fallback, friendly_name)"
                        + " VALUES (:tenant, :sid, :token, :fallback, :name)"
                        + " ON CONFLICT (tenant_id) DO UPDATE SET account_sid = :sid, auth_token_enc = :token,"
                        + " fallback = :fallback, friendly_name = :name, updated_at = now() RETURNING *")
                .bind("tenant", tenantId)
                .bind("sid", accountSid)
                .bind("token", tokenEnc)
                .bind("fallback", fallback);
        q = friendlyName == null ? q.bindNull("name", String.class) : q.bind("name", friendlyName);
        return q.map(TwilioAccountRepository::account).one();
    }

    public Mono<TwilioAccount> find(UUID tenantId) {
        return db.sql("SELECT * FROM ariadne.twilio_accounts WHERE tenant_id = :tenant")
                .bind("tenant", tenantId)
                .map(TwilioAccountRepository::account)
                .one();
    }

    /** The account by its SID, whatever the tenant: Twilio's webhooks name the account, not the tenant. */
    public Mono<TwilioAccount> findBySid(String accountSid) {
        return db.sql("SELECT * FROM ariadne.twilio_accounts WHERE account_sid = :sid")
                .bind("sid", accountSid)
                .map(TwilioAccountRepository::account)
                .one();
    }

    public Mono<byte[]> tokenOf(UUID tenantId) {
        return db.sql("SELECT auth_token_enc FROM ariadne.twilio_accounts WHERE tenant_id = :tenant")
                .bind("tenant", tenantId)
                .map(r -> r.get("auth_token_enc", byte[].class))
                .one();
    }

    public Mono<Boolean> sidTakenByOther(String accountSid, UUID tenantId) {
        return db.sql("SELECT 1 FROM ariadne.twilio_accounts WHERE account_sid = :sid AND tenant_id <> :tenant")
                .bind("sid", accountSid)
                .bind("tenant", tenantId)
                .map(r -> true)
                .first()
                .defaultIfEmpty(false);
    }

    public Mono<Long> delete(UUID tenantId) {
        return db.sql("DELETE FROM ariadne.twilio_accounts WHERE tenant_id = :tenant")
                .bind("tenant", tenantId)
                .fetch()
                .rowsUpdated();
    }

    private static TwilioAccount account(Readable r) {
        return new TwilioAccount(
                r.get("tenant_id", UUID.class),
                r.get("account_sid", String.class),
                Boolean.TRUE.equals(r.get("fallback", Boolean.class)),
                r.get("friendly_name", String.class),
                instant(r, "created_at"),
                instant(r, "updated_at"));
    }
}
