package dev.ariadne.webhook;

import dev.ariadne.ai.AgentUrlPolicy;
import dev.ariadne.common.AuditTrail;
import dev.ariadne.common.InvalidRequestException;
import dev.ariadne.common.NotFoundException;
import dev.ariadne.common.Page;
import dev.ariadne.common.PageRequest;
import dev.ariadne.secret.SecretCipher;
import dev.ariadne.tenant.AuthenticatedTenant;
import dev.ariadne.webhook.data.DeliveryRepository;
import dev.ariadne.webhook.data.WebhookRepository;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** A tenant's webhooks and their deliveries. Secrets are encrypted at rest and only decrypted to sign a request. */
@Service
public class WebhookService {
    private final WebhookRepository repo;
    private final DeliveryRepository deliveries;
    private final SecretCipher cipher;
    private final TransactionalOperator tx;
    private final AgentUrlPolicy urls;
    private final AuditTrail audit;

    WebhookService(WebhookRepository repo, DeliveryRepository deliveries, SecretCipher cipher, TransactionalOperator tx,
            AgentUrlPolicy urls, AuditTrail audit) {
        this.repo = repo;
        this.deliveries = deliveries;
        this.cipher = cipher;
        this.tx = tx;
        this.urls = urls;
        this.audit = audit;
    }

    /** A webhook with the text of its secret when Ariadne made it (null when the tenant chose it). */
    public record Created(Webhook webhook, String generatedSecret) {
        @Override
        public String toString() {
            return "Created[webhook=" + webhook + ", generatedSecret=" + (generatedSecret == null ? "none" : "***") + "]";
        }
    }

    public Mono<Created> create(AuthenticatedTenant tenant, WebhookInput input) {
        WebhookInput w = input.validated();
        UUID id = UUID.randomUUID();
        String generated = w.secret() == null ? Signatures.generate() : null;
        String secret = generated == null ? w.secret() : generated;
        return allowedUrl(w.url())
                .then(Mono.defer(() -> repo.insert(id, tenant.tenantId(), w.url(), w.events(),
                        cipher.encrypt(secret, Signatures.aad(id)), w.enabled())))
                .flatMap(created -> {
                    List<String> fields = new ArrayList<>(AuditTrail.changed(Map.of(), auditView(created)));
                    fields.add("secret");
                    return audit.record(tenant.tenantId(), tenant.keyId(), "created", "webhook", id.toString(), fields)
                            .thenReturn(created);
                })
                .as(tx::transactional)
                .map(created -> new Created(created, generated));
    }

    public Mono<Webhook> update(AuthenticatedTenant tenant, UUID id, Function<Webhook, WebhookInput> change) {
        return get(tenant, id)
                .flatMap(existing -> {
                    WebhookInput w = change.apply(existing).validated();
                    byte[] secret = w.secret() == null ? null : cipher.encrypt(w.secret(), Signatures.aad(id));
                    return allowedUrl(w.url())
                            .then(Mono.defer(() -> repo.update(tenant.tenantId(), id, w.url(), w.events(), secret,
                                    w.enabled())))
                            .flatMap(updated -> {
                                List<String> fields = new ArrayList<>(AuditTrail.changed(auditView(existing),
                                        auditView(updated)));
                                if (secret != null) {
                                    fields.add("secret");
                                }
                                return audit.record(tenant.tenantId(), tenant.keyId(), "updated", "webhook",
                                        id.toString(), fields).thenReturn(updated);
                            });
                })
                .as(tx::transactional);
    }

    public Mono<Void> delete(AuthenticatedTenant tenant, UUID id) {
        return get(tenant, id)
                .then(repo.delete(tenant.tenantId(), id))
                .flatMap(n -> audit.record(tenant.tenantId(), tenant.keyId(), "deleted", "webhook", id.toString(),
                        List.of()))
                .as(tx::transactional);
    }

    public Mono<Webhook> get(AuthenticatedTenant tenant, UUID id) {
        return repo.find(tenant.tenantId(), id).switchIfEmpty(Mono.error(new NotFoundException("webhook", id)));
    }

    public Mono<Page<Webhook>> list(AuthenticatedTenant tenant, PageRequest page) {
        return repo.list(tenant.tenantId(), page.offset(), page.size())
                .collectList()
                .zipWith(repo.count(tenant.tenantId()))
                .map(x -> new Page<>(x.getT1(), page.page(), page.size(), x.getT2()));
    }

    /** The webhook's deliveries, newest first; {@code status} null lists all. */
    public Mono<Page<Delivery>> deliveries(AuthenticatedTenant tenant, UUID id, String status, PageRequest page) {
        if (status != null && !Delivery.STATUSES.contains(status)) {
            return Mono.error(InvalidRequestException.of("status", "must be one of " + String.join(", ", Delivery.STATUSES)));
        }
        return get(tenant, id).flatMap(w -> deliveries.list(id, status, page.offset(), page.size())
                .collectList()
                .zipWith(deliveries.count(id, status))
                .map(x -> new Page<>(x.getT1(), page.page(), page.size(), x.getT2())));
    }

    /** Makes a delivery due now (a failed one gets one more attempt). */
    public Mono<Delivery> retry(AuthenticatedTenant tenant, UUID id, UUID deliveryId) {
        return get(tenant, id).then(deliveries.retryNow(id, deliveryId))
                .switchIfEmpty(Mono.error(new NotFoundException("delivery", deliveryId)));
    }

    /** A URL into a denied network (cloud metadata, by default) is refused naming the network, as agent URLs are. */
    private Mono<Void> allowedUrl(String url) {
        return urls.refusal(URI.create(url)).flatMap(refusal -> refusal.isPresent()
                ? Mono.error(InvalidRequestException.of("url", "must not reach a denied network: " + refusal.get()))
                : Mono.empty());
    }

    private static Map<String, Object> auditView(Webhook w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", w.url());
        m.put("events", w.events());
        m.put("enabled", w.enabled());
        return m;
    }
}
