package dev.ariadne.tenant;

/**
 * What a tier allows: trunks a tenant may own, calls it may have up at once, and how fast each of its API keys may
 * call the REST API (a token bucket: {@code requestBurst} requests at once, refilled at {@code requestsPerSecond}).
 */
public record TierLimits(int maxTrunks, int maxConcurrentCalls, double requestsPerSecond, int requestBurst) {}
