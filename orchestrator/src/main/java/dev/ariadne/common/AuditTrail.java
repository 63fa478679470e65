package dev.ariadne.common;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Where configuration changes are recorded. Services call it inside the transaction of the change, so that the
 * change and its record commit or fail together. Field names only, never values: secrets cannot leak into it.
 */
public interface AuditTrail {
    /**
     * @param tenantId the tenant whose configuration changed
     * @param apiKeyId the key that made the change, or null for the admin token
     * @param action {@code created}, {@code updated}, {@code deleted}, {@code revoked}
     * @param resourceType {@code tenant}, {@code api_key}, {@code trunk}, {@code number}, {@code agent},
     *     {@code twilio_account}, {@code webhook}
     * @param resourceId the resource's id
     * @param changedFields the fields the change set or altered (for a creation, those given)
     */
    Mono<Void> record(UUID tenantId, UUID apiKeyId, String action, String resourceType, String resourceId,
            Collection<String> changedFields);

    /** The names of the entries whose values differ (or exist on one side only), in {@code after}'s order. */
    static List<String> changed(Map<String, ?> before, Map<String, ?> after) {
        Map<String, Object> all = new LinkedHashMap<>(after);
        before.forEach(all::putIfAbsent);
        return all.keySet().stream().filter(k -> !Objects.equals(before.get(k), after.get(k))).toList();
    }
}
