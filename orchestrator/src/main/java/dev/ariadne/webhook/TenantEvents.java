package dev.ariadne.webhook;

import dev.ariadne.webhook.data.EventOutbox;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where other features tell a tenant's systems what happened: {@link #record} writes the event to the outbox with a
 * pending delivery for each of the tenant's enabled webhooks that wants it, and NOTIFYs the live event streams, in
 * one statement. Called inside a transaction it is part of it (the event commits, or rolls back, with the change it
 * tells of); outside one it is atomic by itself. Nothing here waits on a receiver: delivery is the worker's.
 */
@Component
public class TenantEvents {
    private final EventOutbox outbox;
    private final JsonMapper json;

    /** {@code json} is the application's mapper, so that {@code data} reads as the REST API shows the same values. */
    public TenantEvents(EventOutbox outbox, JsonMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    /**
     * @param type one of {@link EventTypes#KNOWN}
     * @param data the event's {@code data} object (values as the REST API would serialize them)
     */
    public Mono<Void> record(UUID tenantId, String type, Map<String, Object> data) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(data, "data");
        if (!EventTypes.KNOWN.contains(type)) {
            return Mono.error(new IllegalArgumentException("unknown event type " + type));
        }
        return Mono.fromCallable(() -> json.writeValueAsString(data))
                .flatMap(payload -> outbox.record(UUID.randomUUID(), tenantId, type, payload))
                .then();
    }
}
