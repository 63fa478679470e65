package dev.ariadne.trunk.data;

import dev.ariadne.trunk.Trunk;
import dev.ariadne.trunk.TrunkSpec;
import static dev.ariadne.db.Rows.instant;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import dev.ariadne.db.TenantRows;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Rows of ariadne.trunks, mapped by hand; every query is scoped by tenant. */
@Repository
public class TrunkRepository {
    private static final String COLUMNS = "name, direction, host, port, transport, username, register, allowed_ips,"
            + " codecs, dtmf_mode, media_encryption, max_concurrent_calls, priority, from_user, from_domain,"
            + " failover_trunk_id, enabled, cost_per_minute";
    private final DatabaseClient db;

    public TrunkRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * @param layout the PJSIP row layout the trunk's rows are written with
     * @param settings the deployment settings they were written for ({@code TrunkProvisioning#layoutSettings})
     */
    public Mono<Trunk> insert(UUID id, UUID tenantId, String endpointId, TrunkSpec s, byte[] passwordEnc, int layout,
            String settings) {
        String sql = "INSERT INTO ariadne.trunks (id, tenant_id, endpoint_id, password_enc, pjsip_layout, pjsip_settings, "
                + COLUMNS + ")"
                + " VALUES (:id, :tenant, :endpoint, :password, :layout, :settings, :name, :direction, :host, :port, :transport, :username,"
                + " :register, :allowedIps, :codecs, :dtmfMode, :mediaEncryption, :maxCalls, :priority, :fromUser,"
                + " :fromDomain, :failover, :enabled, :costPerMinute) RETURNING *";
        GenericExecuteSpec q = bindSpec(db.sql(sql), s)
                .bind("id", id)
                .bind("tenant", tenantId)
                .bind("endpoint", endpointId)
                .bind("layout", layout)
                .bind("settings", settings);
        q = passwordEnc == null ? q.bindNull("password", byte[].class) : q.bind("password", passwordEnc);
        return q.map(TrunkRepository::trunk).one();
    }

    /** Updates the definition; passwordEnc null keeps the stored password unless clearPassword. */
    public Mono<Trunk> update(UUID tenantId, UUID id, TrunkSpec s, byte[] passwordEnc, boolean clearPassword,
            int layout, String settings) {
        String password = passwordEnc != null ? ":password" : clearPassword ? "NULL" : "password_enc";
        String sql = "UPDATE ariadne.trunks SET name = :name, direction = :direction, host = :host, port = :port,"
                + " transport = :transport, username = :username, password_enc = " + password + ","
                + " register = :register, allowed_ips = :allowedIps, codecs = :codecs, dtmf_mode = :dtmfMode,"
                + " media_encryption = :mediaEncryption, max_concurrent_calls = :maxCalls, priority = :priority,"
                + " from_user = :fromUser, from_domain = :fromDomain, failover_trunk_id = :failover,"
                + " enabled = :enabled, cost_per_minute = :costPerMinute, provisioning_status = 'pending', provisioning_error = NULL, updated_at = now(),"
                + " pjsip_layout = :layout, pjsip_settings = :settings WHERE tenant_id = :tenant AND id = :id RETURNING *";
        GenericExecuteSpec q = bindSpec(db.sql(sql), s).bind("tenant", tenantId).bind("id", id).bind("layout", layout)
                .bind("settings", settings);
        if (passwordEnc != null) {
            q = q.bind("password", passwordEnc);
        }
        return q.map(TrunkRepository::trunk).one();
    }

    public Mono<Trunk> find(UUID tenantId, UUID id) {
        return db.sql("SELECT * FROM ariadne.trunks WHERE tenant_id = :tenant AND id = :id")
                .bind("tenant", tenantId)
                .bind("id", id)
                .map(TrunkRepository::trunk)
                .one();
    }

    /** The trunk for a PJSIP endpoint id, whatever its tenant (call routing starts from the endpoint). */
    public Mono<Trunk> findByEndpoint(String endpointId) {
        return db.sql("SELECT * FROM ariadne.trunks WHERE endpoint_id = :e")
                .bind("e", endpointId)
                .map(TrunkRepository::trunk)
                .one();
    }

    /** Any tenant's trunk by id: call routing starts from the dialled number, which names its trunk. */
    public Mono<Trunk> findById(UUID id) {
        return db.sql("SELECT * FROM ariadne.trunks WHERE id = :id")
                .bind("id", id)
                .map(TrunkRepository::trunk)
                .one();
    }

    /**
     * Locks the trunk's row for the rest of the transaction: a trunk's PJSIP rows are derived from the trunk and
     * its numbers, so whoever rewrites them (a trunk update, a number change) holds this lock, and a second writer
     * reads the first one's committed numbers. NO KEY UPDATE, not UPDATE: a number's insert already holds a KEY
     * SHARE lock on its trunk (the foreign key), which UPDATE would conflict with, deadlocking two inserts.
     */
    public Mono<Trunk> lock(UUID id) {
        return db.sql("SELECT * FROM ariadne.trunks WHERE id = :id FOR NO KEY UPDATE")
                .bind("id", id)
                .map(TrunkRepository::trunk)
                .one();
    }

    /** Whether any enabled trunk of any tenant lists an IP or CIDR that contains the address. */
    public Mono<Boolean> anyAllows(String address) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM ariadne.trunks t, unnest(t.allowed_ips) a"
                        + " WHERE t.enabled AND CAST(:addr AS inet) <<= CAST(a AS inet)) AS allowed")
                .bind("addr", address)
                .map(r -> Boolean.TRUE.equals(r.get("allowed", Boolean.class)))
                .one();
    }

    /** Trunks whose PJSIP rows were written with an older row layout than the given one, or other settings. */
    public Flux<Trunk> withLayoutBelow(int layout, String settings) {
        return db.sql("SELECT * FROM ariadne.trunks WHERE pjsip_layout < :layout OR pjsip_settings <> :settings ORDER BY id")
                .bind("layout", layout)
                .bind("settings", settings)
                .map(TrunkRepository::trunk)
                .all();
    }

    public Mono<Long> markLayout(UUID id, int layout, String settings) {
        return db.sql("UPDATE ariadne.trunks SET pjsip_layout = :layout, pjsip_settings = :settings WHERE id = :id")
                .bind("id", id)
                .bind("layout", layout)
                .bind("settings", settings)
                .fetch()
                .rowsUpdated();
    }

    public Mono<byte[]> passwordOf(UUID id) {
        return db.sql("SELECT password_enc FROM ariadne.trunks WHERE id = :id AND password_enc IS NOT NULL")
                .bind("id", id)
                .map(r -> r.get("password_enc", byte[].class))
                .one();
    }

    /** Locks the tenant's row: serializes trunk creation per tenant so the tier limit holds under races. */
    public Mono<Long> lockTenantAndCount(UUID tenantId) {
        return db.sql("SELECT id FROM ariadne.tenants WHERE id = :tenant FOR UPDATE")
                .bind("tenant", tenantId)
                .fetch()
                .rowsUpdated()
                .then(db.sql("SELECT count(*) AS n FROM ariadne.trunks WHERE tenant_id = :tenant")
                        .bind("tenant", tenantId)
                        .map(r -> r.get("n", Long.class))
                        .one());
    }

    public Mono<Boolean> nameTaken(UUID tenantId, String name, UUID exceptId) {
        return TenantRows.nameTaken(db, "ariadne.trunks", tenantId, name, exceptId);
    }

    public Flux<Trunk> list(UUID tenantId, long offset, int limit) {
        return db.sql("SELECT * FROM ariadne.trunks WHERE tenant_id = :tenant ORDER BY priority, created_at, id"
                        + " OFFSET :offset LIMIT :limit")
                .bind("tenant", tenantId)
                .bind("offset", offset)
                .bind("limit", limit)
                .map(TrunkRepository::trunk)
                .all();
    }

    public Flux<Trunk> applied() {
        return db.sql("SELECT * FROM ariadne.trunks WHERE enabled AND provisioning_status = 'applied' ORDER BY id")
                .map(TrunkRepository::trunk)
                .all();
    }

    public Mono<Long> count(UUID tenantId) {
        return TenantRows.count(db, "ariadne.trunks", tenantId);
    }

    public Mono<Long> delete(UUID tenantId, UUID id) {
        return TenantRows.delete(db, "ariadne.trunks", tenantId, id);
    }

    public Mono<Long> markProvisioning(UUID id, String status, String error) {
        return db.sql("UPDATE ariadne.trunks SET provisioning_status = :status, provisioning_error = :error,"
                        + " provisioned_at = CASE WHEN :status = 'applied' THEN now() ELSE provisioned_at END"
                        + " WHERE id = :id")
                .bind("id", id)
                .bind("status", status)
                .bind("error", error == null ? "" : error)
                .fetch()
                .rowsUpdated();
    }

    /**
     * Stores a trunk's registration state; {@code registration_changed_at} moves only when the status changes.
     * Answers the tenant and the previous status when something changed, nothing otherwise.
     */
    public Mono<dev.ariadne.trunk.RegistrationChange> markRegistration(String endpointId, Trunk.Registration reg) {
        GenericExecuteSpec q = db.sql("""
                        UPDATE ariadne.trunks t SET registration_status = :status, registration_sip_status = :sip,
                            registration_detail = :detail,
                            registration_changed_at = CASE WHEN t.registration_status IS DISTINCT FROM :status
                                THEN now() ELSE t.registration_changed_at END
                        FROM (SELECT id, registration_status AS previous FROM ariadne.trunks
                              WHERE endpoint_id = :e FOR NO KEY UPDATE) old
                        WHERE t.id = old.id AND (t.registration_status IS DISTINCT FROM :status
                            OR t.registration_sip_status IS DISTINCT FROM :sip
                            OR t.registration_detail IS DISTINCT FROM :detail)
                        RETURNING t.id, t.tenant_id, old.previous, t.registration_changed_at""")
                .bind("e", endpointId)
                .bind("status", reg.status());
        q = reg.sipStatus() == null ? q.bindNull("sip", Integer.class) : q.bind("sip", reg.sipStatus());
        q = reg.detail() == null ? q.bindNull("detail", String.class) : q.bind("detail", reg.detail());
        return q.map(r -> new dev.ariadne.trunk.RegistrationChange(r.get("id", UUID.class), r.get("tenant_id", UUID.class),
                r.get("previous", String.class), instant(r, "registration_changed_at"))).one();
    }


    private static GenericExecuteSpec bindSpec(GenericExecuteSpec q, TrunkSpec s) {
        q = q.bind("name", s.name())
                .bind("direction", s.direction())
                .bind("host", s.host())
                .bind("port", s.port())
                .bind("transport", s.transport())
                .bind("register", s.register())
                .bind("allowedIps", s.allowedIps().toArray(String[]::new))
                .bind("codecs", s.codecs().toArray(String[]::new))
                .bind("dtmfMode", s.dtmfMode())
                .bind("mediaEncryption", s.mediaEncryption())
                .bind("maxCalls", s.maxConcurrentCalls())
                .bind("priority", s.priority())
                .bind("enabled", s.enabled());
        q = bindNullable(q, "username", s.username());
        q = bindNullable(q, "fromUser", s.fromUser());
        q = bindNullable(q, "fromDomain", s.fromDomain());
        q = s.costPerMinute() == null ? q.bindNull("costPerMinute", java.math.BigDecimal.class)
                : q.bind("costPerMinute", s.costPerMinute());
        return s.failoverTrunkId() == null ? q.bindNull("failover", UUID.class) : q.bind("failover", s.failoverTrunkId());
    }

    private static GenericExecuteSpec bindNullable(GenericExecuteSpec q, String name, String value) {
        return value == null ? q.bindNull(name, String.class) : q.bind(name, value);
    }

    static Trunk trunk(Readable r) {
        return new Trunk(
                r.get("id", UUID.class),
                r.get("tenant_id", UUID.class),
                r.get("name", String.class),
                r.get("direction", String.class),
                r.get("host", String.class),
                r.get("port", Integer.class),
                r.get("transport", String.class),
                r.get("username", String.class),
                r.get("password_enc", byte[].class) != null,
                r.get("register", Boolean.class),
                list(r.get("allowed_ips", String[].class)),
                list(r.get("codecs", String[].class)),
                r.get("dtmf_mode", String.class),
                r.get("media_encryption", String.class),
                r.get("max_concurrent_calls", Integer.class),
                r.get("priority", Integer.class),
                r.get("from_user", String.class),
                r.get("from_domain", String.class),
                r.get("failover_trunk_id", UUID.class),
                r.get("enabled", Boolean.class),
                r.get("endpoint_id", String.class),
                new Trunk.Provisioning(
                        r.get("provisioning_status", String.class),
                        blankToNull(r.get("provisioning_error", String.class)),
                        instant(r, "provisioned_at")),
                new Trunk.Health(
                        r.get("health_status", String.class),
                        blankToNull(r.get("health_detail", String.class)),
                        instant(r, "health_checked_at"),
                        r.get("health_rtt_ms", Double.class)),
                instant(r, "created_at"),
                instant(r, "updated_at"),
                r.get("cost_per_minute", java.math.BigDecimal.class),
                registration(r));
    }

    private static Trunk.Registration registration(Readable r) {
        String status = r.get("registration_status", String.class);
        return status == null ? null : new Trunk.Registration(status, r.get("registration_sip_status", Integer.class),
                r.get("registration_detail", String.class), instant(r, "registration_changed_at"));
    }

    private static List<String> list(String[] a) {
        return a == null ? List.of() : Arrays.asList(a);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }


    /** A trunk's health as just stored, with the status it had before. */
    public record HealthChange(UUID trunkId, UUID tenantId, String name, String previous, String status, String detail) {}

    /** {@link #markHealth}, answering with the status each row had before (locked, so two nodes see one change). */
    public Flux<HealthChange> markHealthReturningPrevious(String endpointId, String status, String detail,
            Double roundTripMs) {
        GenericExecuteSpec q = db.sql("UPDATE ariadne.trunks t SET health_status = :status, health_detail = :detail,"
                        + " health_rtt_ms = :rtt, health_checked_at = now() FROM (SELECT id, health_status FROM"
                        + " ariadne.trunks WHERE endpoint_id = :e FOR UPDATE) old WHERE t.id = old.id"
                        + " RETURNING t.id, t.tenant_id, t.name, old.health_status AS previous, t.health_status,"
                        + " t.health_detail")
                .bind("e", endpointId)
                .bind("status", status)
                .bind("detail", detail == null ? "" : detail);
        q = roundTripMs == null ? q.bindNull("rtt", Double.class) : q.bind("rtt", roundTripMs);
        return q.map(r -> new HealthChange(r.get("id", UUID.class), r.get("tenant_id", UUID.class),
                        r.get("name", String.class), r.get("previous", String.class), r.get("health_status", String.class),
                        r.get("health_detail", String.class)))
                .all();
    }
}
