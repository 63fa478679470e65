package dev.ariadne.webhook.web;

import dev.ariadne.common.Page;
import dev.ariadne.common.PageRequest;
import dev.ariadne.tenant.AuthenticatedTenant;
import dev.ariadne.web.JsonInput;
import dev.ariadne.webhook.Delivery;
import dev.ariadne.webhook.Webhook;
import dev.ariadne.webhook.WebhookInput;
import dev.ariadne.webhook.WebhookService;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/webhooks}: where a tenant's events are POSTed, and how each delivery went. The secret is write-only. */
@RestController
@RequestMapping("/api/v1/webhooks")
class WebhookController {
    static final Set<String> FIELDS = Set.of("url", "events", "secret", "enabled");
    private final WebhookService webhooks;

    WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    /** A webhook as the API shows it: the secret only in the answer to a create that made it. */
    record WebhookView(UUID id, String url, List<String> events, boolean enabled, boolean secretSet, String secret,
            Instant createdAt, Instant updatedAt) {
        static WebhookView of(Webhook w) {
            return of(w, null);
        }

        static WebhookView of(Webhook w, String secret) {
            return new WebhookView(w.id(), w.url(), w.events(), w.enabled(), true, secret, w.createdAt(), w.updatedAt());
        }

        @Override
        public String toString() {
            return "WebhookView[id=" + id + ", url=" + url + ", secret=" + (secret == null ? "none" : "***") + "]";
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<WebhookView> create(AuthenticatedTenant tenant, @RequestBody JsonNode body) {
        return Mono.fromCallable(() -> read(body, WebhookInput.EMPTY))
                .flatMap(in -> webhooks.create(tenant, in))
                .map(c -> WebhookView.of(c.webhook(), c.generatedSecret()));
    }

    @GetMapping
    Mono<Page<WebhookView>> list(AuthenticatedTenant tenant, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return Mono.fromCallable(() -> PageRequest.of(page, size))
                .flatMap(p -> webhooks.list(tenant, p))
                .map(p -> new Page<>(p.items().stream().map(WebhookView::of).toList(), p.page(), p.size(), p.total()));
    }

    @GetMapping("/{id}")
    Mono<WebhookView> get(AuthenticatedTenant tenant, @PathVariable UUID id) {
        return webhooks.get(tenant, id).map(WebhookView::of);
    }

    @PatchMapping("/{id}")
    Mono<WebhookView> patch(AuthenticatedTenant tenant, @PathVariable UUID id, @RequestBody JsonNode body) {
        JsonInput.of(body, FIELDS); // reject a malformed patch before touching the database
        return webhooks.update(tenant, id, existing -> read(body, WebhookInput.of(existing))).map(WebhookView::of);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(AuthenticatedTenant tenant, @PathVariable UUID id) {
        return webhooks.delete(tenant, id);
    }

    @GetMapping("/{id}/deliveries")
    Mono<Page<Delivery>> deliveries(AuthenticatedTenant tenant, @PathVariable UUID id,
            @RequestParam(required = false) String status, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return Mono.fromCallable(() -> PageRequest.of(page, size))
                .flatMap(p -> webhooks.deliveries(tenant, id, status, p));
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/retry")
    Mono<Delivery> retry(AuthenticatedTenant tenant, @PathVariable UUID id, @PathVariable UUID deliveryId) {
        return webhooks.retry(tenant, id, deliveryId);
    }

    static WebhookInput read(JsonNode body, WebhookInput base) {
        JsonInput in = JsonInput.of(body, FIELDS);
        WebhookInput w = new WebhookInput(
                in.string("url", base.url()),
                in.strings("events", base.events()),
                in.string("secret", null),
                in.bool("enabled", base.enabled()));
        in.violations().throwIfAny();
        return w;
    }
}
