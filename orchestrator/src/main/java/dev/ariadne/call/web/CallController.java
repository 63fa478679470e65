package dev.ariadne.call.web;

import dev.ariadne.call.CallQuery;
import dev.ariadne.call.CallRecord;
import dev.ariadne.call.Calls;
import dev.ariadne.common.Page;
import dev.ariadne.common.PageRequest;
import dev.ariadne.tenant.AuthenticatedTenant;
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
        return Mono.fromCallable(() -> new CallQuery(status, CallParams.number(number), trunkId,
                        CallParams.time("from", from), CallParams.time("to", to)))
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
}
