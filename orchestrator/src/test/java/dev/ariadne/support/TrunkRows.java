package dev.ariadne.support;

import java.time.Duration;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;

/** What API tests read straight from the database about a trunk. */
public final class TrunkRows {
    private TrunkRows() {}

    /** The tenant that owns the trunk (the API does not show it). */
    public static UUID tenantOf(DatabaseClient db, UUID trunkId) {
        return db.sql("SELECT tenant_id FROM ariadne.trunks WHERE id = :id").bind("id", trunkId)
                .map(r -> r.get("tenant_id", UUID.class)).one().block(Duration.ofSeconds(10));
    }
}
