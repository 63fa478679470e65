package dev.ariadne.call.web;

import dev.ariadne.call.CallQuery;
import dev.ariadne.call.CallRecord;
import dev.ariadne.call.Calls;
import dev.ariadne.call.OutboundCallRequest;
import dev.ariadne.call.OutboundCalls;
import dev.ariadne.web.JsonInput;
import java.net.URI;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import tools.jackson.databind.JsonNode;
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

/** {@code /api/v1/calls}: placing outbound calls, a tenant's call records, its active calls, hanging one up. */
@RestController
@RequestMapping("/api/v1/calls")
class CallController {
    static final Set<String> FIELDS = Set.of("to", "from", "agentId", "trunkId", "ringTimeoutSeconds", "customParameters");
    private final Calls calls;
    private final OutboundCalls outbound;

    CallController(Calls calls, OutboundCalls outbound) {
        this.calls = calls;
        this.outbound = outbound;
    }

    /**
     * Places an outbound call: 201 with its record ({@code dialing}); a retry with the same {@code Idempotency-Key}
     * answers the same call again (header {@code Idempotent-Replayed: true}) and dials nothing.
     */
    @PostMapping
    Mono<ResponseEntity<CallRecord>> place(AuthenticatedTenant tenant, @RequestBody JsonNode body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return Mono.fromCallable(() -> read(body))
                .flatMap(request -> outbound.place(tenant, request, idempotencyKey))
                .map(placed -> {
                    var response = ResponseEntity.status(HttpStatus.CREATED)
                            .location(URI.create("/api/v1/calls/" + placed.call().id()));
                    if (placed.replayed()) {
                        response.header("Idempotent-Replayed", "true");
                    }
                    return response.body(placed.call());
                });
    }

    static OutboundCallRequest read(JsonNode body) {
        JsonInput in = JsonInput.of(body, FIELDS);
        OutboundCallRequest request = new OutboundCallRequest(in.string("to", null), in.string("from", null),
                in.uuid("agentId", null), in.uuid("trunkId", null), in.integer("ringTimeoutSeconds", null),
                in.object("customParameters", null));
        try {
            request.validated(); // so that one answer names the malformed fields and the unknown ones alike
        } catch (dev.ariadne.common.InvalidRequestException e) {
            e.violations().forEach(v -> in.violations().add(v.field(), v.reason()));
        }
        in.violations().throwIfAny();
        return request;
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
