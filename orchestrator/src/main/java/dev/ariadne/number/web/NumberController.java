package dev.ariadne.number.web;

import dev.ariadne.common.Page;
import dev.ariadne.common.PageRequest;
import dev.ariadne.number.NumberService;
import dev.ariadne.number.NumberService.NumberInput;
import dev.ariadne.number.PhoneNumber;
import dev.ariadne.tenant.AuthenticatedTenant;
import dev.ariadne.web.JsonInput;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/numbers}: a tenant's DIDs, each routed from a trunk, or from Twilio, to an agent. */
@RestController
@RequestMapping("/api/v1/numbers")
class NumberController {
    static final Set<String> FIELDS = Set.of("e164", "trunkId", "agentId", "source", "twilioNumberSid");
    private final NumberService numbers;

    NumberController(NumberService numbers) {
        this.numbers = numbers;
    }

    record NumberView(UUID id, String e164, String source, UUID trunkId, String twilioNumberSid, UUID agentId,
            Instant createdAt, Instant updatedAt) {
        static NumberView of(PhoneNumber n) {
            return new NumberView(n.id(), n.e164(), n.source(), n.trunkId(), n.twilioNumberSid(), n.agentId(),
                    n.createdAt(), n.updatedAt());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<NumberView> create(AuthenticatedTenant tenant, @RequestBody JsonNode body) {
        return Mono.fromCallable(() -> read(body, NumberInput.EMPTY))
                .flatMap(in -> numbers.create(tenant, in))
                .map(NumberView::of);
    }

    @GetMapping
    Mono<Page<NumberView>> list(AuthenticatedTenant tenant, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return Mono.fromCallable(() -> PageRequest.of(page, size))
                .flatMap(p -> numbers.list(tenant, p))
                .map(p -> new Page<>(p.items().stream().map(NumberView::of).toList(), p.page(), p.size(), p.total()));
    }

    @GetMapping("/{id}")
    Mono<NumberView> get(AuthenticatedTenant tenant, @PathVariable UUID id) {
        return numbers.get(tenant, id).map(NumberView::of);
    }

    @PutMapping("/{id}")
    Mono<NumberView> replace(AuthenticatedTenant tenant, @PathVariable UUID id, @RequestBody JsonNode body) {
        NumberInput in = read(body, NumberInput.EMPTY);
        return numbers.update(tenant, id, existing -> in).map(NumberView::of);
    }

    @PatchMapping("/{id}")
    Mono<NumberView> patch(AuthenticatedTenant tenant, @PathVariable UUID id, @RequestBody JsonNode body) {
        JsonInput.of(body, FIELDS);
        return numbers.update(tenant, id, existing -> read(body, NumberInput.of(existing))).map(NumberView::of);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(AuthenticatedTenant tenant, @PathVariable UUID id) {
        return numbers.delete(tenant, id);
    }

    static NumberInput read(JsonNode body, NumberInput base) {
        JsonInput in = JsonInput.of(body, FIELDS);
        NumberInput n = new NumberInput(in.string("e164", base.e164()), in.uuid("trunkId", base.trunkId()),
                in.uuid("agentId", base.agentId()), in.string("source", base.source()),
                in.string("twilioNumberSid", base.twilioNumberSid()));
        in.violations().throwIfAny();
        return n;
    }
}
