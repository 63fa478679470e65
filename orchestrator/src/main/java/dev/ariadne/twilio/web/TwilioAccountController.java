package dev.ariadne.twilio.web;

import dev.ariadne.tenant.AuthenticatedTenant;
import dev.ariadne.twilio.TwilioAccount;
import dev.ariadne.twilio.TwilioAccounts;
import dev.ariadne.web.JsonInput;
import java.time.Instant;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/twilio}: the tenant's Twilio account; the auth token is write-only. */
@RestController
@RequestMapping("/api/v1/twilio")
class TwilioAccountController {
    static final Set<String> FIELDS = Set.of("accountSid", "authToken", "fallback");
    private final TwilioAccounts accounts;

    TwilioAccountController(TwilioAccounts accounts) {
        this.accounts = accounts;
    }

    record AccountView(String accountSid, String friendlyName, boolean fallback, boolean authTokenSet, Instant createdAt,
            Instant updatedAt) {
        static AccountView of(TwilioAccount a) {
            return new AccountView(a.accountSid(), a.friendlyName(), a.fallback(), true, a.createdAt(), a.updatedAt());
        }
    }

    @PutMapping
    Mono<AccountView> put(AuthenticatedTenant tenant, @RequestBody JsonNode body) {
        return Mono.fromCallable(() -> {
                    JsonInput in = JsonInput.of(body, FIELDS);
                    var input = new TwilioAccounts.AccountInput(in.string("accountSid", null), in.string("authToken", null),
                            in.bool("fallback", false));
                    in.violations().throwIfAny();
                    return input;
                })
                .flatMap(input -> accounts.put(tenant, input))
                .map(AccountView::of);
    }

    @GetMapping
    Mono<AccountView> get(AuthenticatedTenant tenant) {
        return accounts.get(tenant).map(AccountView::of);
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(AuthenticatedTenant tenant) {
        return accounts.delete(tenant);
    }
}
