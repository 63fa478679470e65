package dev.ariadne.agent.data;

import dev.ariadne.agent.Agent;
import io.r2dbc.postgresql.codec.Json;
import static dev.ariadne.db.Rows.instant;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import dev.ariadne.db.TenantRows;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Rows of ariadne.agents, mapped by hand; every query is scoped by tenant. */
@Repository
public class AgentRepository {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final DatabaseClient db;

    public AgentRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Agent> insert(UUID id, UUID tenantId, String name, String url, String protocol, byte[] tokenEnc,
            byte[] signingSecretEnc, Map<String, Object> parameters) {
        var q = db.sql("INSERT INTO ariadne.agents (id, tenant_id, name, url, protocol, token_enc, signing_secret_enc,"
                        + " parameters) VALUES (:id, :tenant, :name, :url, :protocol, :token, :signing, :params)"
                        + " RETURNING *")
                .bind("id", id)
                .bind("signing", signingSecretEnc)
                .bind("tenant", tenantId)
                .bind("name", name)
                .bind("url", url)
                .bind("protocol", protocol)
                .bind("params", Json.of(JSON.writeValueAsString(parameters)));
        q = tokenEnc == null ? q.bindNull("token", byte[].class) : q.bind("token", tokenEnc);
        return q.map(AgentRepository::agent).one();
    }

    public Mono<Agent> update(UUID tenantId, UUID id, String name, String url, String protocol, byte[] tokenEnc,
            boolean clearToken, Map<String, Object> parameters) {
        String token = tokenEnc != null ? ":token" : clearToken ? "NULL" : "token_enc";
        var q = db.sql("UPDATE ariadne.agents SET name = :name, url = :url, protocol = :protocol, token_enc = " + token
                        + ", parameters = :params, updated_at = now() WHERE tenant_id = :tenant AND id = :id RETURNING *")
                .bind("id", id)
                .bind("tenant", tenantId)
                .bind("name", name)
                .bind("url", url)
                .bind("protocol", protocol)
                .bind("params", Json.of(JSON.writeValueAsString(parameters)));
        if (tokenEnc != null) {
            q = q.bind("token", tokenEnc);
        }
        return q.map(AgentRepository::agent).one();
    }

    public Mono<Agent> find(UUID tenantId, UUID id) {
        return db.sql("SELECT * FROM ariadne.agents WHERE tenant_id = :tenant AND id = :id")
                .bind("tenant", tenantId)
                .bind("id", id)
                .map(AgentRepository::agent)
                .one();
    }

    /** The encrypted token and signing secret (either may be null), or empty for an agent that is gone. */
    public Mono<StoredSecrets> secretsOf(UUID id) {
        return db.sql("SELECT token_enc, signing_secret_enc FROM ariadne.agents WHERE id = :id")
                .bind("id", id)
                .map(r -> new StoredSecrets(r.get("token_enc", byte[].class), r.get("signing_secret_enc", byte[].class)))
                .one();
    }

    /** Encrypted secrets as stored; decrypted only by the agent service. */
    public record StoredSecrets(byte[] tokenEnc, byte[] signingSecretEnc) {}

    public Mono<Agent> setSigningSecret(UUID tenantId, UUID id, byte[] signingSecretEnc) {
        return db.sql("UPDATE ariadne.agents SET signing_secret_enc = :signing, updated_at = now()"
                        + " WHERE tenant_id = :tenant AND id = :id RETURNING *")
                .bind("signing", signingSecretEnc)
                .bind("tenant", tenantId)
                .bind("id", id)
                .map(AgentRepository::agent)
                .one();
    }

    public Mono<Boolean> nameTaken(UUID tenantId, String name, UUID exceptId) {
        return TenantRows.nameTaken(db, "ariadne.agents", tenantId, name, exceptId);
    }

    public Flux<Agent> list(UUID tenantId, long offset, int limit) {
        return db.sql("SELECT * FROM ariadne.agents WHERE tenant_id = :tenant ORDER BY created_at, id"
                        + " OFFSET :offset LIMIT :limit")
                .bind("tenant", tenantId)
                .bind("offset", offset)
                .bind("limit", limit)
                .map(AgentRepository::agent)
                .all();
    }

    public Mono<Long> count(UUID tenantId) {
        return TenantRows.count(db, "ariadne.agents", tenantId);
    }

    public Mono<Long> delete(UUID tenantId, UUID id) {
        return TenantRows.delete(db, "ariadne.agents", tenantId, id);
    }

    private static Agent agent(Readable r) {
        Json params = r.get("parameters", Json.class);
        Map<String, Object> p = params == null ? Map.of() : JSON.readValue(params.asString(), new TypeReference<>() {});
        return new Agent(
                r.get("id", UUID.class),
                r.get("tenant_id", UUID.class),
                r.get("name", String.class),
                r.get("url", String.class),
                r.get("protocol", String.class),
                r.get("token_enc", byte[].class) != null,
                r.get("signing_secret_enc", byte[].class) != null,
                p,
                instant(r, "created_at"),
                instant(r, "updated_at"));
    }

}
