package dev.ariadne.trunk;

import dev.ariadne.common.AuditTrail;
import dev.ariadne.common.ConflictException;
import dev.ariadne.common.LimitExceededException;
import dev.ariadne.common.NotFoundException;
import dev.ariadne.common.Page;
import dev.ariadne.common.PageRequest;
import dev.ariadne.secret.SecretCipher;
import dev.ariadne.tenant.AuthenticatedTenant;
import dev.ariadne.tenant.TenancyProperties;
import dev.ariadne.tenant.TierLimits;
import dev.ariadne.trunk.data.TrunkRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A tenant's trunks. Every change rewrites the trunk's PJSIP rows in the same transaction, then tells
 * Asterisk after commit.
 */
@Service
public class TrunkService {
    private static final Logger log = LoggerFactory.getLogger(TrunkService.class);
    private final TrunkRepository repo;
    private final TrunkProvisioning provisioning;
    private final SecretCipher cipher;
    private final TenancyProperties tenancy;
    private final TransactionalOperator tx;
    private final AuditTrail audit;

    public TrunkService(
            TrunkRepository repo,
            TrunkProvisioning provisioning,
            SecretCipher cipher,
            TenancyProperties tenancy,
            TransactionalOperator tx,
            AuditTrail audit) {
        this.audit = audit;
        this.repo = repo;
        this.provisioning = provisioning;
        this.cipher = cipher;
        this.tenancy = tenancy;
        this.tx = tx;
    }

    public Mono<Trunk> create(AuthenticatedTenant tenant, TrunkInput input) {
        TierLimits limits = tenancy.limits(tenant.tier());
        TrunkSpec spec = TrunkValidator.validate(input, limits.maxConcurrentCalls());
        UUID id = UUID.randomUUID();
        String endpointId = Trunk.endpointIdFor(tenant.tenantId(), id);
        return transportAvailable(spec).then(repo.lockTenantAndCount(tenant.tenantId()))
                .flatMap(count -> count >= limits.maxTrunks()
                        ? Mono.error(new LimitExceededException("tier " + tenant.tier().wire() + " allows "
                                + limits.maxTrunks() + " trunk(s); this tenant has " + count))
                        : Mono.empty())
                .then(checkReferences(tenant, spec, null, limits))
                .then(Mono.defer(() -> repo.insert(id, tenant.tenantId(), endpointId, spec, encrypt(spec.password(), id),
                        provisioning.layout(), provisioning.layoutSettings())))
                .flatMap(t -> provisioning.writeNew(t, blankToNull(spec.password())).thenReturn(t))
                .flatMap(t -> audit.record(tenant.tenantId(), tenant.keyId(), "created", "trunk", t.id().toString(),
                        AuditTrail.changed(Map.of(), auditView(t))).thenReturn(t))
                .onErrorMap(DataIntegrityViolationException.class, e -> duplicateName(spec))
                .as(tx::transactional)
                .doOnSuccess(t -> {
                    provisioning.committed();
                    log.info("trunk {} created for tenant {} (endpoint {})", t.id(), t.tenantId(), t.endpointId());
                });
    }

    /** PUT: the input replaces the trunk; a missing password keeps the stored one. */
    public Mono<Trunk> replace(AuthenticatedTenant tenant, UUID id, TrunkInput input) {
        return update(tenant, id, existing -> input);
    }

    /** Update from the stored trunk: PATCH overlays the client's fields on {@link TrunkInput#of(Trunk)}. */
    public Mono<Trunk> update(AuthenticatedTenant tenant, UUID id, Function<Trunk, TrunkInput> change) {
        TierLimits limits = tenancy.limits(tenant.tier());
        return get(tenant, id)
                .flatMap(existing -> {
                    TrunkSpec spec = TrunkValidator.validate(change.apply(existing), limits.maxConcurrentCalls());
                    byte[] enc = spec.password() == null || spec.password().isEmpty() ? null : encrypt(spec.password(), id);
                    boolean clear = spec.password() != null && spec.password().isEmpty();
                    return transportAvailable(spec)
                            .then(checkReferences(tenant, spec, id, limits))
                            .then(Mono.defer(() -> repo.update(tenant.tenantId(), id, spec, enc, clear,
                                    provisioning.layout(), provisioning.layoutSettings())))
                            .flatMap(t -> currentPassword(t, spec).flatMap(p -> provisioning.write(t, p.orElse(null)))
                                    .thenReturn(t))
                            .flatMap(t -> {
                                List<String> changed = new ArrayList<>(AuditTrail.changed(auditView(existing), auditView(t)));
                                if (spec.password() != null && !spec.password().isEmpty() && !changed.contains("password")) {
                                    changed.add("password"); // a new password, whether or not it equals the old one
                                }
                                return audit.record(tenant.tenantId(), tenant.keyId(), "updated", "trunk", id.toString(),
                                        changed).thenReturn(t);
                            })
                            .onErrorMap(DataIntegrityViolationException.class, e -> duplicateName(spec));
                })
                .as(tx::transactional)
                .doOnSuccess(t -> provisioning.committed());
    }

    public Mono<Void> delete(AuthenticatedTenant tenant, UUID id) {
        return get(tenant, id)
                .flatMap(t -> provisioning.remove(t).then(repo.delete(tenant.tenantId(), id))
                        .then(audit.record(tenant.tenantId(), tenant.keyId(), "deleted", "trunk", id.toString(), List.of())))
                .onErrorMap(DataIntegrityViolationException.class, e -> new ConflictException(
                        "trunk " + id + " is still used by numbers; point them at another trunk or delete them first"))
                .as(tx::transactional)
                .doOnSuccess(x -> provisioning.committed())
                .then();
    }

    /**
     * Numbers were added to, moved between or removed from these trunks (in the caller's transaction): rewrites
     * each trunk's number identification and marks it pending until Asterisk has applied it. Trunks are locked in
     * id order, so that two concurrent changes cannot deadlock.
     */
    public Mono<Void> numbersChanged(java.util.Collection<UUID> trunkIds) {
        return Flux.fromIterable(new java.util.TreeSet<>(trunkIds))
                .concatMap(id -> repo.lock(id)
                        .flatMap(t -> repo.markProvisioning(t.id(), "pending", null).then(provisioning.writeNumbers(t))))
                .then();
    }

    /** After a transaction that called {@link #numbersChanged} committed: tell Asterisk now. */
    public void provisioningCommitted() {
        provisioning.committed();
    }

    /**
     * Rewrites the PJSIP rows of every trunk stored with an older row layout than provisioning writes now, or with
     * other layout settings (run at startup): one transaction per trunk, under its lock.
     */
    public Mono<Long> reprovisionOutdated() {
        int layout = provisioning.layout();
        String settings = provisioning.layoutSettings();
        return repo.withLayoutBelow(layout, settings)
                .concatMap(stale -> repo.lock(stale.id())
                        .flatMap(t -> repo.markProvisioning(t.id(), "pending", null)
                                .then(storedPassword(t))
                                .flatMap(p -> provisioning.write(t, p.orElse(null)))
                                .then(repo.markLayout(t.id(), layout, settings)))
                        .as(tx::transactional)
                        .thenReturn(stale))
                .count()
                .doOnNext(n -> {
                    if (n > 0) {
                        provisioning.committed();
                        log.info("rewrote the PJSIP rows of {} trunk(s) in row layout {}", n, layout);
                    }
                });
    }

    public Mono<Trunk> get(AuthenticatedTenant tenant, UUID id) {
        return repo.find(tenant.tenantId(), id).switchIfEmpty(Mono.error(new NotFoundException("trunk", id)));
    }

    /**
     * What a check of these fields would reach (nothing is saved): the fields validated as for a create, with a
     * placeholder name when none is given.
     */
    public TrunkCheck.Target checkTarget(AuthenticatedTenant tenant, TrunkInput input) {
        TrunkInput named = input.name() != null ? input : new TrunkInput("validation", input.direction(), input.host(),
                input.port(), input.transport(), input.username(), input.password(), input.register(),
                input.allowedIps(), input.codecs(), input.dtmfMode(), input.mediaEncryption(),
                input.maxConcurrentCalls(), input.priority(), input.fromUser(), input.fromDomain(), null, true, null);
        TrunkSpec s = TrunkValidator.validate(named, tenancy.limits(tenant.tier()).maxConcurrentCalls());
        return new TrunkCheck.Target(s.host(), s.port(), s.transport(), s.username(), blankToNull(s.password()),
                s.fromUser());
    }

    public Mono<Page<Trunk>> list(AuthenticatedTenant tenant, PageRequest page) {
        return repo.list(tenant.tenantId(), page.offset(), page.size())
                .collectList()
                .zipWith(repo.count(tenant.tenantId()))
                .map(x -> new Page<>(x.getT1(), page.page(), page.size(), x.getT2()));
    }

    /** A TLS trunk only where Asterisk has a TLS transport: refused now rather than failing every call later. */
    private Mono<Void> transportAvailable(TrunkSpec spec) {
        return provisioning.requireTransport(spec.transport());
    }

    private Mono<Void> checkReferences(AuthenticatedTenant tenant, TrunkSpec spec, UUID self, TierLimits limits) {
        if (spec.maxConcurrentCalls() > limits.maxConcurrentCalls()) {
            return Mono.error(new LimitExceededException("maxConcurrentCalls " + spec.maxConcurrentCalls()
                    + " exceeds tier " + tenant.tier().wire() + "'s limit of " + limits.maxConcurrentCalls()
                    + " concurrent calls"));
        }
        Mono<Void> name = repo.nameTaken(tenant.tenantId(), spec.name(), self)
                .flatMap(taken -> taken ? Mono.error(duplicateName(spec)) : Mono.empty());
        if (spec.failoverTrunkId() == null) {
            return name;
        }
        if (spec.failoverTrunkId().equals(self)) {
            return Mono.error(dev.ariadne.common.InvalidRequestException.of("failoverTrunkId", "must not be the trunk itself"));
        }
        return name.then(repo.find(tenant.tenantId(), spec.failoverTrunkId())
                .switchIfEmpty(Mono.error(new NotFoundException("failover trunk", spec.failoverTrunkId())))
                .then());
    }

    private Mono<java.util.Optional<String>> currentPassword(Trunk t, TrunkSpec spec) {
        if (spec.password() != null) {
            return Mono.just(java.util.Optional.ofNullable(blankToNull(spec.password())));
        }
        return storedPassword(t);
    }

    private Mono<java.util.Optional<String>> storedPassword(Trunk t) {
        return repo.passwordOf(t.id())
                .map(enc -> java.util.Optional.of(cipher.decrypt(enc, t.id().toString())))
                .defaultIfEmpty(java.util.Optional.empty());
    }

    private byte[] encrypt(String password, UUID trunkId) {
        return password == null || password.isEmpty() ? null : cipher.encrypt(password, trunkId.toString());
    }

    private static ConflictException duplicateName(TrunkSpec spec) {
        return new ConflictException("a trunk named '" + spec.name() + "' already exists");
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** The trunk's fields as the audit trail compares them: the password only as whether one is set. */
    private static Map<String, Object> auditView(Trunk t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", t.name());
        m.put("direction", t.direction());
        m.put("host", t.host());
        m.put("port", t.port());
        m.put("transport", t.transport());
        m.put("username", t.username());
        m.put("password", t.hasPassword() ? true : null);
        m.put("register", t.register());
        m.put("allowedIps", t.allowedIps());
        m.put("codecs", t.codecs());
        m.put("dtmfMode", t.dtmfMode());
        m.put("mediaEncryption", t.mediaEncryption());
        m.put("maxConcurrentCalls", t.maxConcurrentCalls());
        m.put("priority", t.priority());
        m.put("fromUser", t.fromUser());
        m.put("fromDomain", t.fromDomain());
        m.put("failoverTrunkId", t.failoverTrunkId());
        m.put("enabled", t.enabled());
        m.values().removeIf(java.util.Objects::isNull);
        return m;
    }
}
