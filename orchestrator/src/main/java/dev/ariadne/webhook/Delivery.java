package dev.ariadne.webhook;

import java.time.Instant;
import java.util.UUID;

/**
 * One event's delivery to one webhook.
 *
 * @param status {@code pending} (to be tried at {@code nextAttemptAt}), {@code delivered} (a 2xx answer) or
 *     {@code failed} (no 2xx until the give-up age)
 * @param lastStatusCode the HTTP status of the last attempt; null when there was no answer
 * @param lastError why the last attempt did not deliver (e.g. {@code HTTP 503}, a timeout, connection refused)
 * @param lastResponseExcerpt the first characters of the last answer's body
 */
public record Delivery(
        UUID id,
        UUID webhookId,
        UUID eventId,
        String eventType,
        String status,
        int attempts,
        Instant nextAttemptAt,
        Instant lastAttemptAt,
        Integer lastStatusCode,
        String lastError,
        String lastResponseExcerpt,
        Instant deliveredAt,
        Instant createdAt) {

    public static final java.util.List<String> STATUSES = java.util.List.of("pending", "delivered", "failed");
}
