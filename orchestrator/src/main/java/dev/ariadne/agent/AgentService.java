package dev.ariadne.agent;

import dev.ariadne.agent.data.AgentRepository;
import dev.ariadne.ai.AgentUrlPolicy;
import dev.ariadne.common.AuditTrail;
import dev.ariadne.common.ConflictException;
import dev.ariadne.common.InvalidRequestException;
import dev.ariadne.common.NotFoundException;
import dev.ariadne.common.Page;
import dev.ariadne.common.PageRequest;
import dev.ariadne.secret.SecretCipher;
import dev.ariadne.tenant.AuthenticatedTenant;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** A tenant's AI agents. Tokens are encrypted at rest and only decrypted to open a call's WebSocket. */
@Service
public class AgentService {
    private final AgentRepository repo;
    private final SecretCipher cipher;
    private final TransactionalOperator tx;
    private final AgentUrlPolicy urls;
    private final AuditTrail audit;

    public AgentService(AgentRepository repo, SecretCipher cipher, TransactionalOperator tx, AgentUrlPolicy urls,
            AuditTrail audit) {
        this.audit = audit;
        this.repo = repo;
        this.cipher = cipher;
        this.tx = tx;
        this.urls = urls;
    }

    /** A new agent with a new signing secret, whose text only the returned value holds (shown once). */
    public Mono<WithSigningSecret> create(AuthenticatedTenant tenant, AgentInput input) {
        AgentInput a = input.validated();
        UUID id = UUID.randomUUID();
        String secret = SigningSecrets.generate();
        // The URL's host is looked up before the transaction, which then holds no connection while DNS answers.
        return allowedUrl(a.url()).then(unique(tenant, a.name(), null)
                .then(Mono.defer(() -> repo.insert(id, tenant.tenantId(), a.name(), a.url(), a.protocol(),
                        encrypt(a.token(), id), cipher.encrypt(secret, SigningSecrets.aad(id)), a.parameters())))
                .flatMap(agent -> {
                    List<String> fields = new ArrayList<>(AuditTrail.changed(Map.of(), auditView(agent)));
                    fields.add("signingSecret");
                    return audit.record(tenant.tenantId(), tenant.keyId(), "created", "agent", id.toString(), fields)
                            .thenReturn(agent);
                })
                .onErrorMap(DataIntegrityViolationException.class, e -> duplicate(a.name()))
                .as(tx::transactional))
                .map(agent -> new WithSigningSecret(agent, secret));
    }

    /** Replaces the agent's signing secret at once: handshakes are signed with the new one from the next call. */
    public Mono<WithSigningSecret> rotateSigningSecret(AuthenticatedTenant tenant, UUID id) {
        String secret = SigningSecrets.generate();
        return repo.setSigningSecret(tenant.tenantId(), id, cipher.encrypt(secret, SigningSecrets.aad(id)))
                .switchIfEmpty(Mono.error(new NotFoundException("agent", id)))
                .flatMap(agent -> audit.record(tenant.tenantId(), tenant.keyId(), "updated", "agent", id.toString(),
                        List.of("signingSecret")).thenReturn(agent))
                .as(tx::transactional)
                .map(agent -> new WithSigningSecret(agent, secret));
    }

    /** An agent with the text of its signing secret, which exists only in this value. */
    public record WithSigningSecret(Agent agent, String signingSecret) {
        @Override
        public String toString() {
            return "WithSigningSecret[agent=" + agent + ", signingSecret=***]";
        }
    }

    public Mono<Agent> update(AuthenticatedTenant tenant, UUID id, Function<Agent, AgentInput> change) {
        return get(tenant, id)
                .flatMap(existing -> {
                    AgentInput a = change.apply(existing).validated();
                    boolean clear = a.token() != null && a.token().isEmpty();
                    return allowedUrl(a.url())
                            .then(unique(tenant, a.name(), id))
                            .then(Mono.defer(() -> repo.update(tenant.tenantId(), id, a.name(), a.url(), a.protocol(),
                                    encrypt(a.token(), id), clear, a.parameters())))
                            .flatMap(updated -> {
                                List<String> fields = new ArrayList<>(AuditTrail.changed(auditView(existing),
                                        auditView(updated)));
                                if (a.token() != null && !a.token().isEmpty() && !fields.contains("token")) {
                                    fields.add("token"); // a new token, whether or not it equals the old one
                                }
                                return audit.record(tenant.tenantId(), tenant.keyId(), "updated", "agent", id.toString(),
                                        fields).thenReturn(updated);
                            });
                })
                .onErrorMap(DataIntegrityViolationException.class, e -> new ConflictException("agent name in use"))
                .as(tx::transactional);
    }

    public Mono<Void> delete(AuthenticatedTenant tenant, UUID id) {
        return get(tenant, id)
                .then(repo.delete(tenant.tenantId(), id))
                .flatMap(n -> audit.record(tenant.tenantId(), tenant.keyId(), "deleted", "agent", id.toString(), List.of())
                        .thenReturn(n))
                .onErrorMap(DataIntegrityViolationException.class, e -> new ConflictException(
                        "agent " + id + " is still used by numbers; point them at another agent or delete them first"))
                .as(tx::transactional)
                .then();
    }

    public Mono<Agent> get(AuthenticatedTenant tenant, UUID id) {
        return find(tenant.tenantId(), id).switchIfEmpty(Mono.error(new NotFoundException("agent", id)));
    }

    public Mono<Agent> find(UUID tenantId, UUID id) {
        return repo.find(tenantId, id);
    }

    /** The agent's token and signing secret in clear, for the call that connects to it; never log them. */
    public Mono<Credentials> credentials(Agent agent) {
        return repo.secretsOf(agent.id())
                .map(s -> new Credentials(
                        s.tokenEnc() == null ? null : cipher.decrypt(s.tokenEnc(), agent.id().toString()),
                        s.signingSecretEnc() == null ? null
                                : cipher.decrypt(s.signingSecretEnc(), SigningSecrets.aad(agent.id()))))
                .defaultIfEmpty(new Credentials(null, null));
    }

    /** Either may be null (no token; an agent made before signing secrets existed). */
    public record Credentials(String token, String signingSecret) {
        @Override
        public String toString() {
            return "Credentials[token=" + (token == null ? "none" : "***") + ", signingSecret="
                    + (signingSecret == null ? "none" : "***") + "]";
        }
    }

    public Mono<Page<Agent>> list(AuthenticatedTenant tenant, PageRequest page) {
        return repo.list(tenant.tenantId(), page.offset(), page.size())
                .collectList()
                .zipWith(repo.count(tenant.tenantId()))
                .map(x -> new Page<>(x.getT1(), page.page(), page.size(), x.getT2()));
    }

    /** An agent URL into a denied network (cloud metadata, by default) is refused naming the network. */
    private Mono<Void> allowedUrl(String url) {
        return urls.refusal(URI.create(url)).flatMap(refusal -> refusal.isPresent()
                ? Mono.error(InvalidRequestException.of("url", "must not reach a denied network: " + refusal.get()))
                : Mono.empty());
    }

    private Mono<Void> unique(AuthenticatedTenant tenant, String name, UUID self) {
        return repo.nameTaken(tenant.tenantId(), name, self)
                .flatMap(taken -> taken ? Mono.error(duplicate(name)) : Mono.empty());
    }

    private byte[] encrypt(String token, UUID id) {
        return token == null || token.isEmpty() ? null : cipher.encrypt(token, id.toString());
    }

    private static ConflictException duplicate(String name) {
        return new ConflictException("an agent named '" + name + "' already exists");
    }

    /** The agent's fields as the audit trail compares them: the token only as whether one is set. */
    private static Map<String, Object> auditView(Agent a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("url", a.url());
        m.put("protocol", a.protocol());
        m.put("token", a.hasToken() ? true : null);
        m.put("parameters", a.parameters());
        m.values().removeIf(java.util.Objects::isNull);
        return m;
    }
}
