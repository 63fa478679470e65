package dev.ariadne.tenant.web;

import dev.ariadne.tenant.ApiKey;
import dev.ariadne.tenant.AuthenticatedTenant;
import dev.ariadne.tenant.TenantService;
import dev.ariadne.tenant.TenantService.CreatedKey;
import java.time.Instant;
import dev.ariadne.web.JsonInput;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Tenants (admin) and a tenant's own API keys. */
@RestController
class TenantController {
    private final TenantService tenants;

    TenantController(TenantService tenants) {
        this.tenants = tenants;
    }

    record TenantCreated(UUID id, String name, String tier, Instant createdAt, String apiKey, UUID apiKeyId) {}

    record TenantView(UUID id, String name, String tier, int maxTrunks, int maxConcurrentCalls, Instant createdAt) {}

    record KeyView(UUID id, String name, String prefix, Instant createdAt, Instant revokedAt, String apiKey) {
        static KeyView of(ApiKey k, String secret) {
            return new KeyView(k.id(), k.name(), k.prefix(), k.createdAt(), k.revokedAt(), secret);
        }
    }

    @PostMapping("/api/v1/tenants")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<TenantCreated> create(@RequestBody(required = false) JsonNode body) {
        return Mono.fromCallable(() -> read(body, Set.of("name", "tier")))
                .flatMap(in -> tenants.create(in.string("name", null), in.string("tier", null)))
                .map(c -> new TenantCreated(
                c.tenant().id(),
                c.tenant().name(),
                c.tenant().tier().wire(),
                c.tenant().createdAt(),
                c.key().secret(),
                c.key().key().id()));
    }

    @GetMapping("/api/v1/tenant")
    Mono<TenantView> me(AuthenticatedTenant t) {
        return tenants.find(t.tenantId()).map(x -> {
            var l = tenants.limits(x.tier());
            return new TenantView(x.id(), x.name(), x.tier().wire(), l.maxTrunks(), l.maxConcurrentCalls(), x.createdAt());
        });
    }

    @PostMapping("/api/v1/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<KeyView> createKey(AuthenticatedTenant t, @RequestBody(required = false) JsonNode body) {
        return Mono.fromCallable(() -> read(body, Set.of("name")))
                .flatMap(in -> tenants.createKey(t, in.string("name", null)))
                .map((CreatedKey c) -> KeyView.of(c.key(), c.secret()));
    }

    /** An absent body is an empty object here (both fields are optional or defaulted). */
    private static JsonInput read(JsonNode body, Set<String> fields) {
        JsonInput in = JsonInput.of(body == null ? JsonNodeFactory.instance.objectNode() : body, fields);
        for (String f : fields) {
            in.string(f, null);
        }
        in.violations().throwIfAny();
        return in;
    }

    @GetMapping("/api/v1/api-keys")
    Mono<List<KeyView>> keys(AuthenticatedTenant t) {
        return tenants.keys(t).map(k -> KeyView.of(k, null)).collectList();
    }

    @DeleteMapping("/api/v1/api-keys/{id}")
    Mono<KeyView> revoke(AuthenticatedTenant t, @PathVariable UUID id) {
        return tenants.revokeKey(t, id).map(k -> KeyView.of(k, null));
    }
}
