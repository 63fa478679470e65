package dev.ariadne.agent;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant's AI agent: where its WebSocket is and how to speak to it. The token and the handshake signing secret
 * are not part of it (only whether they are set).
 */
public record Agent(
        UUID id,
        UUID tenantId,
        String name,
        String url,
        String protocol,
        boolean hasToken,
        boolean hasSigningSecret,
        Map<String, Object> parameters,
        Instant createdAt,
        Instant updatedAt) {

    public static final java.util.List<String> PROTOCOLS = java.util.List.of("ariadne.v1", "twilio");
}
