package dev.ariadne.number;

import dev.ariadne.agent.AgentService;
import dev.ariadne.common.AuditTrail;
import dev.ariadne.common.ConflictException;
import dev.ariadne.common.NotFoundException;
import dev.ariadne.common.Page;
import dev.ariadne.common.PageRequest;
import dev.ariadne.common.Violations;
import dev.ariadne.number.data.NumberRepository;
import dev.ariadne.tenant.AuthenticatedTenant;
import dev.ariadne.trunk.TrunkDirectory;
import dev.ariadne.trunk.TrunkService;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * A tenant's numbers (DIDs). A number rides on one of the tenant's trunks (source {@code trunk}) or stays on Twilio
 * (source {@code twilio}); either way it goes to one of the tenant's agents. Asterisk identifies inbound calls by
 * their number, so every change to a trunk number rewrites the number identification of the trunks concerned in
 * the same transaction; a Twilio number has its voice webhook pointed at Ariadne before it is stored, and cleared
 * when it goes.
 */
@Service
public class NumberService {
    private static final Logger log = LoggerFactory.getLogger(NumberService.class);
    private static final Pattern NUMBER_SID = Pattern.compile("PN[0-9a-fA-F]{32}");
    private final NumberRepository repo;
    private final TrunkDirectory trunks;
    private final TrunkService trunkProvisioning;
    private final AgentService agents;
    private final ObjectProvider<TwilioNumbers> twilio;
    private final TransactionalOperator tx;

    private final AuditTrail audit;

    public NumberService(NumberRepository repo, TrunkDirectory trunks, TrunkService trunkProvisioning,
            AgentService agents, ObjectProvider<TwilioNumbers> twilio, TransactionalOperator tx, AuditTrail audit) {
        this.audit = audit;
        this.repo = repo;
        this.trunks = trunks;
        this.trunkProvisioning = trunkProvisioning;
        this.agents = agents;
        this.twilio = twilio;
        this.tx = tx;
    }

    /** Input before validation; null fields are missing ({@code source} then means {@code trunk}). */
    public record NumberInput(String e164, UUID trunkId, UUID agentId, String source, String twilioNumberSid) {
        public static final NumberInput EMPTY = new NumberInput(null, null, null, null, null);

        public static NumberInput of(PhoneNumber n) {
            return new NumberInput(n.e164(), n.trunkId(), n.agentId(), n.source(), n.twilioNumberSid());
        }

        NumberInput validated() {
            Violations v = new Violations();
            if (e164 == null) {
                v.add("e164", "is required");
            } else {
                v.check(PhoneNumber.isE164(e164), "e164", "must be an E.164 number: '+', country code, 2 to 15 digits");
            }
            String s = source == null ? PhoneNumber.TRUNK : source;
            if (s.equals(PhoneNumber.TRUNK)) {
                v.check(trunkId != null, "trunkId", "is required");
                v.check(twilioNumberSid == null, "twilioNumberSid", "is only for numbers with source twilio");
            } else if (s.equals(PhoneNumber.TWILIO)) {
                v.check(trunkId == null, "trunkId", "must be absent: a number with source twilio is on no trunk");
                if (twilioNumberSid == null) {
                    v.add("twilioNumberSid", "is required for a number with source twilio");
                } else {
                    v.check(NUMBER_SID.matcher(twilioNumberSid).matches(), "twilioNumberSid",
                            "must be PN followed by 32 hex digits (the IncomingPhoneNumber's sid)");
                }
            } else {
                v.add("source", "must be trunk or twilio");
            }
            v.check(agentId != null, "agentId", "is required");
            v.throwIfAny();
            return new NumberInput(e164, trunkId, agentId, s, twilioNumberSid);
        }

        boolean onTwilio() {
            return PhoneNumber.TWILIO.equals(source);
        }
    }

    public Mono<PhoneNumber> create(AuthenticatedTenant tenant, NumberInput input) {
        NumberInput n = input.validated();
        AtomicBoolean pointed = new AtomicBoolean();
        return checks(tenant, n, null)
                .then(attach(tenant, n, null, pointed))
                .then(Mono.defer(() -> repo.insert(UUID.randomUUID(), tenant.tenantId(), n.e164(), n.trunkId(),
                        n.agentId(), n.source(), n.twilioNumberSid())))
                .flatMap(created -> trunkProvisioning.numbersChanged(trunksOf(created)).thenReturn(created))
                .flatMap(created -> audit.record(tenant.tenantId(), tenant.keyId(), "created", "number",
                        created.id().toString(), AuditTrail.changed(Map.of(), auditView(created))).thenReturn(created))
                .onErrorMap(DataIntegrityViolationException.class, e -> duplicate(n.e164()))
                .as(tx::transactional)
                .doOnError(e -> {
                    if (pointed.get()) {
                        detach(tenant.tenantId(), n.twilioNumberSid()); // pointed before the insert failed
                    }
                })
                .doOnSuccess(x -> trunkProvisioning.provisioningCommitted());
    }

    public Mono<PhoneNumber> update(AuthenticatedTenant tenant, UUID id, Function<PhoneNumber, NumberInput> change) {
        return get(tenant, id)
                .flatMap(existing -> {
                    NumberInput n = change.apply(existing).validated();
                    AtomicBoolean pointed = new AtomicBoolean();
                    return checks(tenant, n, id)
                            .then(attach(tenant, n, existing, pointed))
                            .then(Mono.defer(() -> repo.update(tenant.tenantId(), id, n.e164(), n.trunkId(), n.agentId(),
                                    n.source(), n.twilioNumberSid())))
                            .flatMap(updated -> identificationChanged(existing, updated)
                                    ? trunkProvisioning.numbersChanged(trunksOf(existing, updated)).thenReturn(updated)
                                    : Mono.just(updated))
                            .flatMap(updated -> audit.record(tenant.tenantId(), tenant.keyId(), "updated", "number",
                                    id.toString(), AuditTrail.changed(auditView(existing), auditView(updated)))
                                    .thenReturn(updated))
                            .onErrorMap(DataIntegrityViolationException.class, e -> duplicate(n.e164()))
                            .doOnSuccess(updated -> {
                                if (existing.onTwilio()
                                        && !Objects.equals(existing.twilioNumberSid(), updated.twilioNumberSid())) {
                                    detach(tenant.tenantId(), existing.twilioNumberSid());
                                }
                            })
                            .doOnError(e -> {
                                if (pointed.get() && !(existing.onTwilio()
                                        && existing.twilioNumberSid().equals(n.twilioNumberSid()))) {
                                    detach(tenant.tenantId(), n.twilioNumberSid()); // newly pointed, not stored
                                }
                            });
                })
                .as(tx::transactional)
                .doOnSuccess(x -> trunkProvisioning.provisioningCommitted());
    }

    public Mono<Void> delete(AuthenticatedTenant tenant, UUID id) {
        return get(tenant, id)
                .flatMap(n -> repo.delete(tenant.tenantId(), id).then(trunkProvisioning.numbersChanged(trunksOf(n)))
                        .then(audit.record(tenant.tenantId(), tenant.keyId(), "deleted", "number", id.toString(),
                                List.of()))
                        .thenReturn(n))
                .as(tx::transactional)
                .doOnSuccess(n -> {
                    trunkProvisioning.provisioningCommitted();
                    if (n != null && n.onTwilio()) {
                        detach(tenant.tenantId(), n.twilioNumberSid());
                    }
                })
                .then();
    }

    /**
     * A Twilio number's webhooks are pointed at Ariadne before it is stored, so that Twilio's refusal stores nothing;
     * {@code pointed} says whether they were (only then does a failure after it clear them: a number Ariadne never
     * pointed keeps whatever webhooks its owner gave it).
     */
    private Mono<Void> attach(AuthenticatedTenant tenant, NumberInput n, PhoneNumber existing, AtomicBoolean pointed) {
        if (!n.onTwilio()) {
            return Mono.empty();
        }
        if (existing != null && existing.onTwilio() && existing.twilioNumberSid().equals(n.twilioNumberSid())
                && existing.e164().equals(n.e164())) {
            return Mono.empty();
        }
        TwilioNumbers t = twilio.getIfAvailable();
        if (t == null) {
            return Mono.error(new ConflictException("numbers on Twilio are not available on this node"));
        }
        return t.attach(tenant.tenantId(), n.twilioNumberSid(), n.e164()).doOnSuccess(x -> pointed.set(true));
    }

    private void detach(UUID tenantId, String numberSid) {
        TwilioNumbers t = twilio.getIfAvailable();
        if (t != null) {
            t.detach(tenantId, numberSid).subscribe(x -> {}, e -> log.warn(
                    "number {} of tenant {}: its Twilio webhooks could not be cleared: {}", numberSid, tenantId,
                    e.getMessage()));
        }
    }

    private static boolean identificationChanged(PhoneNumber before, PhoneNumber after) {
        return !before.e164().equals(after.e164()) || !Objects.equals(before.trunkId(), after.trunkId());
    }

    /** The trunks whose number identification a change touches (none for Twilio numbers). */
    private static Set<UUID> trunksOf(PhoneNumber... numbers) {
        Set<UUID> ids = new TreeSet<>();
        for (PhoneNumber n : numbers) {
            if (n.trunkId() != null) {
                ids.add(n.trunkId());
            }
        }
        return ids;
    }

    public Mono<PhoneNumber> get(AuthenticatedTenant tenant, UUID id) {
        return repo.find(tenant.tenantId(), id).switchIfEmpty(Mono.error(new NotFoundException("number", id)));
    }

    public Mono<Page<PhoneNumber>> list(AuthenticatedTenant tenant, PageRequest page) {
        return repo.list(tenant.tenantId(), page.offset(), page.size())
                .collectList()
                .zipWith(repo.count(tenant.tenantId()))
                .map(x -> new Page<>(x.getT1(), page.page(), page.size(), x.getT2()));
    }

    private Mono<Void> checks(AuthenticatedTenant tenant, NumberInput n, UUID self) {
        // Another tenant's trunk or agent is reported exactly like an unknown one.
        Mono<Void> trunk = n.trunkId() == null ? Mono.empty() : trunks.find(tenant.tenantId(), n.trunkId())
                .switchIfEmpty(Mono.error(new NotFoundException("trunk", n.trunkId())))
                .then();
        return trunk
                .then(agents.find(tenant.tenantId(), n.agentId())
                        .switchIfEmpty(Mono.error(new NotFoundException("agent", n.agentId()))))
                .then(repo.e164Taken(n.e164(), self))
                .flatMap(taken -> taken ? Mono.error(duplicate(n.e164())) : Mono.empty());
    }

    private static ConflictException duplicate(String e164) {
        return new ConflictException("number " + e164 + " is already registered");
    }

    private static Map<String, Object> auditView(PhoneNumber n) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("e164", n.e164());
        m.put("source", n.source());
        m.put("trunkId", n.trunkId());
        m.put("twilioNumberSid", n.twilioNumberSid());
        m.put("agentId", n.agentId());
        m.values().removeIf(Objects::isNull);
        return m;
    }
}
