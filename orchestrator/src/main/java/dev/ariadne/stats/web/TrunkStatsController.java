package dev.ariadne.stats.web;

import dev.ariadne.common.Violations;
import dev.ariadne.stats.TrunkStats;
import dev.ariadne.stats.data.TrunkStatsQueries;
import dev.ariadne.tenant.AuthenticatedTenant;
import dev.ariadne.trunk.TrunkService;
import dev.ariadne.web.QueryParams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/trunks/{id}/stats?from&to}: the figures of one of the tenant's trunks over the calls that started
 * in {@code [from, to)}; by default the last 24 hours, at most 92 days.
 */
@RestController
class TrunkStatsController {
    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    static final Duration MAX_WINDOW = Duration.ofDays(92);
    private final TrunkService trunks;
    private final TrunkStatsQueries queries;
    private final Clock clock = Clock.systemUTC();

    TrunkStatsController(TrunkService trunks, TrunkStatsQueries queries) {
        this.trunks = trunks;
        this.queries = queries;
    }

    @GetMapping("/api/v1/trunks/{id}/stats")
    Mono<TrunkStats> stats(AuthenticatedTenant tenant, @PathVariable UUID id,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Violations v = new Violations();
        Instant end = QueryParams.instant(v, "to", to);
        Instant start = QueryParams.instant(v, "from", from);
        if (!v.has("to") && end == null) {
            end = clock.instant();
        }
        if (!v.has("from") && start == null && end != null) {
            start = end.minus(DEFAULT_WINDOW);
        }
        if (start != null && end != null) {
            v.check(start.isBefore(end), "from", "must be before to");
            v.check(!start.plus(MAX_WINDOW).isBefore(end), "to", "must be at most 92 days after from");
        }
        v.throwIfAny();
        Instant s = start;
        Instant e = end;
        return trunks.get(tenant, id).flatMap(t -> queries.stats(tenant.tenantId(), t.id(), t.maxConcurrentCalls(),
                t.health().roundTripMs(), s, e));
    }
}
