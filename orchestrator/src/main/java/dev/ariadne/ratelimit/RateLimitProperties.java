package dev.ariadne.ratelimit;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * REST API rate limits ({@code ariadne.rate-limits.*}). Per API key limits come from the key's tier
 * ({@code ariadne.tiers.<tier>.requests-per-second} / {@code .request-burst}); these settings cover the rest.
 *
 * @param enabled false turns every limit off; default true
 * @param failedAuthPerMinute requests without a valid key (missing, unknown, revoked, wrong admin token) allowed
 *     per source address and minute once the burst is spent; default 30. An address past it gets 429 for every
 *     API request, valid key or not, until its bucket refills: otherwise a correct guess would still get through
 * @param failedAuthBurst such requests allowed at once per address; default 10
 * @param maxTrackedAddresses source addresses remembered at most (IPv6 counted per /64, which one host can fill);
 *     beyond it, addresses whose bucket is full again are forgotten first; default 100000
 */
@Validated
@ConfigurationProperties("ariadne.rate-limits")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DecimalMin("0.001") @DefaultValue("30") double failedAuthPerMinute,
        @Min(1) @DefaultValue("10") int failedAuthBurst,
        @Min(100) @DefaultValue("100000") int maxTrackedAddresses) {}
