package dev.ariadne.support;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What tests read straight from the event outbox (ariadne.events). */
public final class EventRows {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EventRows() {}

    /** One recorded event: its type and its data. */
    public record Row(String type, JsonNode data) {}

    /** The tenant's events, oldest first. */
    public static List<Row> of(DatabaseClient db, UUID tenantId) {
        return db.sql("SELECT type, payload::text AS payload FROM ariadne.events WHERE tenant_id = :t"
                        + " ORDER BY created_at, id")
                .bind("t", tenantId)
                .map(r -> new Row(r.get("type", String.class), JSON.readTree(r.get("payload", String.class))))
                .all().collectList().block(Duration.ofSeconds(10));
    }
}
