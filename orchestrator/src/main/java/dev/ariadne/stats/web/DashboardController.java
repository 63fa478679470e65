package dev.ariadne.stats.web;

import dev.ariadne.cluster.CallSlots;
import dev.ariadne.stats.Dashboard;
import dev.ariadne.stats.data.DashboardQueries;
import dev.ariadne.tenant.AuthenticatedTenant;
import dev.ariadne.trunk.TrunkDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/dashboard}: the tenant's overview ({@link Dashboard}). */
@RestController
class DashboardController {
    private final DashboardQueries queries;
    private final TrunkDirectory trunks;
    private final CallSlots slots;
    private final Clock clock = Clock.systemUTC();

    DashboardController(DashboardQueries queries, TrunkDirectory trunks, CallSlots slots) {
        this.queries = queries;
        this.trunks = trunks;
        this.slots = slots;
    }

    @GetMapping("/api/v1/dashboard")
    Mono<Dashboard> dashboard(AuthenticatedTenant tenant) {
        Instant now = clock.instant();
        Instant day = now.truncatedTo(ChronoUnit.DAYS);
        Instant week = now.minus(Duration.ofDays(7));
        Instant month = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        var id = tenant.tenantId();
        return Mono.zip(slots.usage(id), trunks.inPriorityOrder(id).collectList(), queries.periods(id, day, week),
                        queries.worstTrunks(id, week).collectList(),
                        queries.cost(id, month).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()))
                .map(x -> {
                    var usage = x.getT1();
                    var summaries = x.getT2().stream().map(t -> {
                        long active = usage.onTrunk(t.id());
                        return new Dashboard.TrunkSummary(t.id(), t.name(), t.enabled(), t.health().status(),
                                t.health().detail(), t.health().roundTripMs(),
                                t.registration() == null ? null : t.registration().status(),
                                t.registration() == null ? null : t.registration().sipStatus(), active,
                                t.maxConcurrentCalls(),
                                t.maxConcurrentCalls() <= 0 ? 0 : (double) active / t.maxConcurrentCalls());
                    }).toList();
                    return new Dashboard(now, usage.tenantCalls(), x.getT3()[0], x.getT3()[1], summaries, x.getT4(),
                            x.getT5().orElse(null));
                });
    }
}
