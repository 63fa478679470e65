package dev.ariadne.agent.web;

import dev.ariadne.agent.Agent;
import dev.ariadne.agent.AgentInput;
import dev.ariadne.agent.AgentService;
import dev.ariadne.common.Page;
import dev.ariadne.common.PageRequest;
import dev.ariadne.tenant.AuthenticatedTenant;
import dev.ariadne.web.JsonInput;
import java.time.Instant;
import java.util.Map;
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

/** {@code /api/v1/agents}: a tenant's AI agents. The token is write-only. */
@RestController
@RequestMapping("/api/v1/agents")
class AgentController {
    static final Set<String> FIELDS = Set.of("name", "url", "protocol", "token", "parameters");
    private final AgentService agents;

    AgentController(AgentService agents) {
        this.agents = agents;
    }

    /** {@code signingSecret} is present only in the answers that made it (create, rotate): shown once. */
    record AgentView(UUID id, String name, String url, String protocol, boolean tokenSet, boolean signingSecretSet,
            String signingSecret, Map<String, Object> parameters, Instant createdAt, Instant updatedAt) {
        static AgentView of(Agent a) {
            return of(a, null);
        }

        static AgentView of(Agent a, String signingSecret) {
            return new AgentView(a.id(), a.name(), a.url(), a.protocol(), a.hasToken(), a.hasSigningSecret(),
                    signingSecret, a.parameters(), a.createdAt(), a.updatedAt());
        }

        static AgentView of(AgentService.WithSigningSecret w) {
            return of(w.agent(), w.signingSecret());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<AgentView> create(AuthenticatedTenant tenant, @RequestBody JsonNode body) {
        return Mono.fromCallable(() -> read(body, AgentInput.EMPTY))
                .flatMap(in -> agents.create(tenant, in))
                .map(w -> AgentView.of(w));
    }

    @GetMapping
    Mono<Page<AgentView>> list(AuthenticatedTenant tenant, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return Mono.fromCallable(() -> PageRequest.of(page, size))
                .flatMap(p -> agents.list(tenant, p))
                .map(p -> new Page<>(p.items().stream().map(AgentView::of).toList(), p.page(), p.size(), p.total()));
    }

    @GetMapping("/{id}")
    Mono<AgentView> get(AuthenticatedTenant tenant, @PathVariable UUID id) {
        return agents.get(tenant, id).map(AgentView::of);
    }

    @PutMapping("/{id}")
    Mono<AgentView> replace(AuthenticatedTenant tenant, @PathVariable UUID id, @RequestBody JsonNode body) {
        AgentInput in = read(body, AgentInput.EMPTY);
        return agents.update(tenant, id, existing -> in).map(AgentView::of);
    }

    @PatchMapping("/{id}")
    Mono<AgentView> patch(AuthenticatedTenant tenant, @PathVariable UUID id, @RequestBody JsonNode body) {
        JsonInput.of(body, FIELDS);
        return agents.update(tenant, id, existing -> read(body, AgentInput.of(existing))).map(AgentView::of);
    }

    /** A new signing secret, shown once; the old one stops signing at once. */
    @PostMapping("/{id}/signing-secret")
    Mono<AgentView> rotateSigningSecret(AuthenticatedTenant tenant, @PathVariable UUID id) {
        return agents.rotateSigningSecret(tenant, id).map(w -> AgentView.of(w));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> delete(AuthenticatedTenant tenant, @PathVariable UUID id) {
        return agents.delete(tenant, id);
    }

    static AgentInput read(JsonNode body, AgentInput base) {
        JsonInput in = JsonInput.of(body, FIELDS);
        AgentInput a = new AgentInput(
                in.string("name", base.name()),
                in.string("url", base.url()),
                in.string("protocol", base.protocol()),
                in.string("token", base.token()),
                in.object("parameters", base.parameters()));
        in.violations().throwIfAny();
        return a;
    }
}
