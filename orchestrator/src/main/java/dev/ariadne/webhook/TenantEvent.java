package dev.ariadne.webhook;

import java.time.Instant;
import java.util.UUID;

/**
 * One event of a tenant as the outbox holds it.
 *
 * @param data the event's {@code data} object, as JSON text
 */
public record TenantEvent(UUID id, UUID tenantId, String type, String data, Instant createdAt) {

    /** The JSON a webhook receives and the event stream sends: {@code {id, type, createdAt, tenantId, data}}. */
    public String envelope() {
        // Every part but data is an id, a fixed type name or an instant: nothing to escape. data is stored JSON.
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"createdAt\":\"" + createdAt + "\",\"tenantId\":\""
                + tenantId + "\",\"data\":" + data + "}";
    }
}
