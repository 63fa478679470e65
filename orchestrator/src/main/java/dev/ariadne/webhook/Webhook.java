package dev.ariadne.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tenant's webhook: where its events are POSTed and which ones. The signing secret is not part of it. */
public record Webhook(UUID id, UUID tenantId, String url, List<String> events, boolean enabled, Instant createdAt,
        Instant updatedAt) {

    public Webhook {
        events = List.copyOf(events);
    }

    /** Whether an event of this type goes to this webhook ({@code *} is every type, future ones too). */
    public boolean wants(String type) {
        return events.contains(type) || events.contains(EventTypes.ALL);
    }
}
