package dev.ariadne.call;

import dev.ariadne.common.Violations;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Filters for listing a tenant's calls; every one optional. */
public record CallQuery(String status, String number, UUID trunkId, Instant from, Instant to) {
    public static final List<String> STATUSES = List.of("routing", "rejected", "dialing", "ringing", "answered",
            "completed", "failed", "canceled");

    public CallQuery {
        new Violations()
                .check(status == null || STATUSES.contains(status), "status", "must be one of " + String.join(", ", STATUSES))
                .check(from == null || to == null || !to.isBefore(from), "to", "must not be before from")
                .throwIfAny();
    }
}
