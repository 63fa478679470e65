package dev.ariadne.trunk.web;

import dev.ariadne.common.Page;
import dev.ariadne.common.PageRequest;
import dev.ariadne.tenant.AuthenticatedTenant;
import dev.ariadne.trunk.Trunk;
import dev.ariadne.trunk.TrunkCheck;
import dev.ariadne.trunk.TrunkCheckReport;
import dev.ariadne.trunk.TrunkInput;
import dev.ariadne.trunk.TrunkService;
import dev.ariadne.web.JsonInput;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/trunks}: a tenant's SIP trunks. The password is write-only. */
@RestController
@RequestMapping("/api/v1/trunks")
class TrunkController {
    static final Set<String> FIELDS = Set.of("name", "direction", "host", "port", "transport", "username",
            "password", "register", "allowedIps", "codecs", "dtmfMode", "mediaEncryption", "maxConcurrentCalls",
            "priority", "fromUser", "fromDomain", "failoverTrunkId", "enabled", "costPerMinute");
    private final TrunkService trunks;
    private final TrunkCheck check;
    private final dev.ariadne.trunk.TrunkDirectory directory;
    private final dev.ariadne.trunk.AsteriskQualify qualify;

    TrunkController(TrunkService trunks, TrunkCheck check, dev.ariadne.trunk.TrunkDirectory directory,
            dev.ariadne.trunk.AsteriskQualify qualify) {
        this.trunks = trunks;
        this.check = check;
        this.directory = directory;
        this.qualify = qualify;
    }

    /** A trunk as the API shows it: no password, only whether one is set. */
    record TrunkView(
            UUID id,
            String name,
            String direction,
            String host,
            int port,
            String transport,
            String username,
            boolean passwordSet,
            boolean register,
            List<String> allowedIps,
            List<String> codecs,
            String dtmfMode,
            String mediaEncryption,
            int maxConcurrentCalls,
            int priority,
            String fromUser,
            String fromDomain,
            UUID failoverTrunkId,
            boolean enabled,
            String endpointId,
            Trunk.Provisioning provisioning,
            Trunk.Health health,
            Instant createdAt,
            Instant updatedAt,
            java.math.BigDecimal costPerMinute,
            Trunk.Registration registration) {
        static TrunkView of(Trunk t) {
            return new TrunkView(t.id(), t.name(), t.direction(), t.host(), t.port(), t.transport(), t.username(),
                    t.hasPassword(), t.register(), t.allowedIps(), t.codecs(), t.dtmfMode(), t.mediaEncryption(),
                    t.maxConcurrentCalls(), t.priority(), t.fromUser(), t.fromDomain(), t.failoverTrunkId(),
                    t.enabled(), t.endpointId(), t.provisioning(), t.health(), t.createdAt(), t.updatedAt(),
                    t.costPerMinute(), t.registration());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<TrunkView> create(AuthenticatedTenant tenant, @RequestBody JsonNode body) {
        return Mono.fromCallable(() -> read(body, TrunkInput.EMPTY))
                .flatMap(in -> trunks.create(tenant, in))
                .map(TrunkView::of);
    }

    @GetMapping
    Mono<Page<TrunkView>> list(
            AuthenticatedTenant tenant,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return Mono.fromCallable(() -> PageRequest.of(page, size))
                .flatMap(p -> trunks.list(tenant, p))
                .map(p -> new Page<>(p.items().stream().map(TrunkView::of).toList(), p.page(), p.size(), p.total()));
    }

    @GetMapping("/{id}")
    Mono<TrunkView> get(AuthenticatedTenant tenant, @PathVariable UUID id) {
        return trunks.get(tenant, id).map(TrunkView::of);
    }

    @PutMapping("/{id}")
    Mono<TrunkView> replace(AuthenticatedTenant tenant, @PathVariable UUID id, @RequestBody JsonNode body) {
        return Mono.fromCallable(() -> read(body, TrunkInput.EMPTY))
                .flatMap(in -> trunks.replace(tenant, id, in))
                .map(TrunkView::of);
    }

    @PatchMapping("/{id}")
    Mono<TrunkView> patch(AuthenticatedTenant tenant, @PathVariable UUID id, @RequestBody JsonNode body) {
        JsonInput.of(body, FIELDS); // reject a malformed patch before touching the database
        return trunks.update(tenant, id, existing -> read(body, TrunkInput.of(existing))).map(TrunkView::of);
    }

    /** Checks a trunk's fields against its carrier (DNS, OPTIONS, REGISTER); nothing is saved. */
    @PostMapping("/validate")
    Mono<TrunkCheckReport> validate(AuthenticatedTenant tenant, @RequestBody JsonNode body) {
        return Mono.fromCallable(() -> trunks.checkTarget(tenant, read(body, TrunkInput.EMPTY))).flatMap(check::check);
    }

    /** Checks a stored trunk now, with its stored credentials, and has Asterisk qualify it now too. */
    @PostMapping("/{id}/health-check")
    Mono<TrunkCheckReport> healthCheck(AuthenticatedTenant tenant, @PathVariable UUID id) {
        return trunks.get(tenant, id).flatMap(t -> qualify.now(t.endpointId()).flatMap(asked -> directory.checkTarget(t)
                .flatMap(check::check).map(r -> r.withAsteriskQualified(asked))));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(AuthenticatedTenant tenant, @PathVariable UUID id) {
        return trunks.delete(tenant, id);
    }

    static TrunkInput read(JsonNode body, TrunkInput base) {
        JsonInput in = JsonInput.of(body, FIELDS);
        TrunkInput t = new TrunkInput(
                in.string("name", base.name()),
                in.string("direction", base.direction()),
                in.string("host", base.host()),
                in.integer("port", base.port()),
                in.string("transport", base.transport()),
                in.string("username", base.username()),
                in.string("password", base.password()),
                in.bool("register", base.register()),
                in.strings("allowedIps", base.allowedIps()),
                in.strings("codecs", base.codecs()),
                in.string("dtmfMode", base.dtmfMode()),
                in.string("mediaEncryption", base.mediaEncryption()),
                in.integer("maxConcurrentCalls", base.maxConcurrentCalls()),
                in.integer("priority", base.priority()),
                in.string("fromUser", base.fromUser()),
                in.string("fromDomain", base.fromDomain()),
                in.uuid("failoverTrunkId", base.failoverTrunkId()),
                in.bool("enabled", base.enabled()),
                in.decimal("costPerMinute", base.costPerMinute()));
        in.violations().throwIfAny();
        return t;
    }
}
