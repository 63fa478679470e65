package dev.ariadne.tenant;

import java.time.Instant;
import java.util.UUID;

/** An API key as listed: the key itself is never stored, only its prefix (to recognise it) and hash. */
public record ApiKey(UUID id, String name, String prefix, Instant createdAt, Instant revokedAt) {}
