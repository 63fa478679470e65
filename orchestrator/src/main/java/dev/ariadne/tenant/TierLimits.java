package dev.ariadne.tenant;

/** What a tier allows: trunks a tenant may own, and calls it may have up at once. */
public record TierLimits(int maxTrunks, int maxConcurrentCalls) {}
