package dev.ariadne.agent;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A tenant's AI agent: where its WebSocket is and how to speak to it. The token is not part of it. */
public record Agent(
        UUID id,
        UUID tenantId,
        String name,
        String url,
        String protocol,
        boolean hasToken,
        Map<String, Object> parameters,
        Instant createdAt,
        Instant updatedAt) {

    public static final java.util.List<String> PROTOCOLS = java.util.List.of("ariadne.v1", "twilio");
}
