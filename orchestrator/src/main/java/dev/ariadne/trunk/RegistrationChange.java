package dev.ariadne.trunk;

import java.time.Instant;
import java.util.UUID;

/** A trunk's registration state that was stored because it changed; {@code previousStatus} null: none before. */
public record RegistrationChange(UUID trunkId, UUID tenantId, String previousStatus, Instant changedAt) {}
