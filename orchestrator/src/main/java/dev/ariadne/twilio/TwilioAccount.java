package dev.ariadne.twilio;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant's Twilio account as stored; the auth token is not part of it.
 *
 * @param fallback outbound calls that no trunk could carry go out through Twilio
 */
public record TwilioAccount(UUID tenantId, String accountSid, boolean fallback, String friendlyName, Instant createdAt,
        Instant updatedAt) {}
