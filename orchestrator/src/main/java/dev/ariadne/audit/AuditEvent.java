package dev.ariadne.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One recorded configuration change: who ({@code actor} {@code api_key} with its id, or {@code admin}), when, what
 * (action, resource type and id) and which fields; never any value.
 */
public record AuditEvent(
        UUID id,
        UUID tenantId,
        Instant at,
        String actor,
        UUID apiKeyId,
        String action,
        String resourceType,
        String resourceId,
        List<String> changedFields) {}
