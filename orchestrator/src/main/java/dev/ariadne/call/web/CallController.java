package dev.ariadne.call.web;

import dev.ariadne.call.CallQuery;
import dev.ariadne.call.CallRecord;
import dev.ariadne.call.Calls;
import dev.ariadne.common.InvalidRequestException;
import dev.ariadne.common.Page;
import dev.ariadne.common.PageRequest;
import dev.ariadne.number.PhoneNumber;
import dev.ariadne.tenant.AuthenticatedTenant;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/v1/calls}: a tenant's call records, its active calls, and hanging one up. */
@RestController
@RequestMapping("/api/v1/calls")
class CallController {
    private final Calls calls;

    CallController(Calls calls) {
        this.calls = calls;
    }

    @GetMapping
    Mono<Page<CallRecord>> list(
            AuthenticatedTenant tenant,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String number,
            @RequestParam(required = false) UUID trunkId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return Mono.fromCallable(() -> new CallQuery(status, number(number), trunkId, time("from", from), time("to", to)))
                .zipWith(Mono.fromCallable(() -> PageRequest.of(page, size)))
                .flatMap(x -> calls.list(tenant, x.getT1(), false, x.getT2()));
    }

    @GetMapping("/active")
    Mono<Page<CallRecord>> active(
            AuthenticatedTenant tenant,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return Mono.fromCallable(() -> PageRequest.of(page, size))
                .flatMap(p -> calls.list(tenant, new CallQuery(null, null, null, null, null), true, p));
    }

    @GetMapping("/{id}")
    Mono<CallRecord> get(AuthenticatedTenant tenant, @PathVariable UUID id) {
        return calls.get(tenant, id);
    }

    @PostMapping("/{id}/hangup")
    Mono<CallRecord> hangup(AuthenticatedTenant tenant, @PathVariable UUID id) {
        return calls.hangup(tenant, id);
    }

    /** An unencoded '+' in a query string arrives as a space: "15551234567", " 15551234567" and "+1555..." match. */
    private static String number(String n) {
        if (n == null || n.isBlank()) {
            return null;
        }
        String e164 = PhoneNumber.normalize(n);
        return e164 != null ? e164 : n.strip();
    }

    private static Instant time(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.of(field, "must be an ISO-8601 instant, e.g. 2026-11-27T10:00:00Z");
        }
    }
}
