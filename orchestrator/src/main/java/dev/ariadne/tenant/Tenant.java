package dev.ariadne.tenant;

import java.time.Instant;
import java.util.UUID;

/** A customer of the AI voice platform. */
public record Tenant(UUID id, String name, Tier tier, Instant createdAt) {}
