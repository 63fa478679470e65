package dev.ariadne.twilio;

import dev.ariadne.common.AuditTrail;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.transaction.reactive.TransactionalOperator;
import dev.ariadne.common.ConflictException;
import dev.ariadne.common.InvalidRequestException;
import dev.ariadne.common.NotFoundException;
import dev.ariadne.common.UnavailableException;
import dev.ariadne.common.Violations;
import dev.ariadne.number.NumberDirectory;
import dev.ariadne.secret.SecretCipher;
import dev.ariadne.tenant.AuthenticatedTenant;
import dev.ariadne.twilio.data.TwilioAccountRepository;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * A tenant's Twilio account ({@code /api/v1/twilio}): checked against Twilio's API before it is stored (nothing is
 * stored for credentials Twilio refuses), the auth token encrypted at rest and never returned or logged.
 */
@Service
public class TwilioAccounts {
    private static final Logger log = LoggerFactory.getLogger(TwilioAccounts.class);
    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
    private final TwilioAccountRepository repo;
    private final TwilioClient twilio;
    private final SecretCipher cipher;
    private final NumberDirectory numbers;

    private final AuditTrail audit;
    private final TransactionalOperator tx;

    TwilioAccounts(TwilioAccountRepository repo, TwilioClient twilio, SecretCipher cipher, NumberDirectory numbers,
            AuditTrail audit, TransactionalOperator tx) {
        this.audit = audit;
        this.tx = tx;
        this.repo = repo;
        this.twilio = twilio;
        this.cipher = cipher;
        this.numbers = numbers;
    }

    /** {@code PUT /api/v1/twilio}; null fields are missing. */
    public record AccountInput(String accountSid, String authToken, Boolean fallback) {
        @Override
        public String toString() {
            return "AccountInput[" + accountSid + ", authToken=" + (authToken == null ? "none" : "***") + ", fallback="
                    + fallback + "]";
        }
    }

    /** Stores the account once Twilio accepted its credentials; a missing token keeps the stored one (same SID). */
    public Mono<TwilioAccount> put(AuthenticatedTenant tenant, AccountInput in) {
        Violations v = new Violations();
        if (in.accountSid() == null) {
            v.add("accountSid", "is required");
        } else {
            v.check(ACCOUNT_SID.matcher(in.accountSid()).matches(), "accountSid", "must be AC followed by 32 hex digits");
        }
        v.check(in.authToken() == null || (!in.authToken().isBlank() && in.authToken().length() <= 128
                && in.authToken().chars().noneMatch(Character::isWhitespace)), "authToken",
                "must be 1 to 128 characters without spaces");
        v.throwIfAny();
        UUID tenantId = tenant.tenantId();
        Mono<String> token = in.authToken() != null ? Mono.just(in.authToken())
                : repo.find(tenantId).filter(a -> a.accountSid().equals(in.accountSid()))
                        .flatMap(a -> authToken(tenantId))
                        .switchIfEmpty(Mono.error(InvalidRequestException.of("authToken", "is required")));
        return repo.sidTakenByOther(in.accountSid(), tenantId)
                .flatMap(taken -> taken ? Mono.error(new ConflictException("Twilio account " + in.accountSid()
                        + " is connected to another tenant")) : token)
                .flatMap(t -> twilio.fetchAccount(new TwilioClient.Credentials(in.accountSid(), t))
                        .onErrorMap(TwilioException.class, TwilioAccounts::refused)
                        .flatMap(account -> repo.find(tenantId).map(Optional::of).defaultIfEmpty(Optional.empty())
                                .flatMap(before -> repo.upsert(tenantId, in.accountSid(),
                                                cipher.encrypt(t, tenantId.toString()), Boolean.TRUE.equals(in.fallback()),
                                                account.friendlyName())
                                        .flatMap(after -> audit.record(tenantId, tenant.keyId(),
                                                before.isPresent() ? "updated" : "created", "twilio_account",
                                                in.accountSid(), changedFields(before, after, in)).thenReturn(after)))
                                .as(tx::transactional)))
                .doOnSuccess(a -> log.info("tenant {} connected Twilio account {} (fallback {})", tenantId,
                        a.accountSid(), a.fallback()));
    }

    /** Field names only: a new auth token counts as changed whether or not it equals the stored one. */
    private static List<String> changedFields(Optional<TwilioAccount> before, TwilioAccount after, AccountInput in) {
        List<String> fields = new ArrayList<>();
        if (before.isEmpty() || !before.get().accountSid().equals(after.accountSid())) {
            fields.add("accountSid");
        }
        if (in.authToken() != null) {
            fields.add("authToken");
        }
        if (before.isEmpty() || before.get().fallback() != after.fallback()) {
            fields.add("fallback");
        }
        return fields;
    }

    private static RuntimeException refused(TwilioException e) {
        if (e.unauthorized()) {
            return InvalidRequestException.of("authToken", "Twilio refused the account SID and auth token (HTTP 401"
                    + (e.code() == null ? "" : ", code " + e.code()) + ")");
        }
        if (e.status() == 404) {
            return InvalidRequestException.of("accountSid", "Twilio has no such account");
        }
        if (e.transient_()) {
            return new UnavailableException("Twilio's API could not check the credentials now: " + e.getMessage());
        }
        return InvalidRequestException.of("accountSid", "Twilio refused the account: " + e.getMessage());
    }

    public Mono<TwilioAccount> get(AuthenticatedTenant tenant) {
        return repo.find(tenant.tenantId()).switchIfEmpty(Mono.error(new NotFoundException("Twilio account", "of this tenant")));
    }

    /** Forgets the account; refused while numbers are on it (delete those first: that clears their webhooks). */
    public Mono<Void> delete(AuthenticatedTenant tenant) {
        return get(tenant)
                .flatMap(account -> numbers.countOnTwilio(tenant.tenantId())
                        .flatMap(n -> n > 0
                                ? Mono.error(new ConflictException("the Twilio account still has " + n
                                        + " number(s) in Ariadne; delete them first (that clears their webhooks at Twilio)"))
                                : repo.delete(tenant.tenantId()).then(audit.record(tenant.tenantId(), tenant.keyId(),
                                        "deleted", "twilio_account", account.accountSid(), List.of()))))
                .as(tx::transactional)
                .then();
    }

    /** The account for a webhook's {@code AccountSid}, whichever tenant it is. */
    public Mono<TwilioAccount> bySid(String accountSid) {
        return accountSid == null ? Mono.empty() : repo.findBySid(accountSid);
    }

    public Mono<TwilioAccount> find(UUID tenantId) {
        return repo.find(tenantId);
    }

    /** The tenant's auth token in clear, for the API client and the signature check; never log it. */
    public Mono<String> authToken(UUID tenantId) {
        return repo.tokenOf(tenantId).map(enc -> cipher.decrypt(enc, tenantId.toString()));
    }

    public Mono<TwilioClient.Credentials> credentials(UUID tenantId) {
        return repo.find(tenantId).flatMap(a -> authToken(tenantId).map(t -> new TwilioClient.Credentials(a.accountSid(), t)));
    }

    /** Runs {@code work} with the tenant's credentials; fails when the tenant has no Twilio account. */
    public <T> Mono<T> withCredentials(UUID tenantId, Function<TwilioClient.Credentials, Mono<T>> work) {
        return credentials(tenantId)
                .switchIfEmpty(Mono.error(new ConflictException("the tenant has no Twilio account (PUT /api/v1/twilio)")))
                .flatMap(work);
    }
}
