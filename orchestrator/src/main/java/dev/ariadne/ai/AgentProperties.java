package dev.ariadne.ai;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import dev.ariadne.common.DeniedNetworks;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the AI agent WebSocket client ({@code ariadne.agent.*}).
 *
 * @param connectTimeout TCP connect timeout; default 3s
 * @param handshakeTimeout from the start of the connection attempt until the WebSocket upgrade completed
 *     (includes DNS, TCP and TLS); default 5s
 * @param closeTimeout how long a closing session waits for the agent's close frame before dropping the
 *     connection; default 2s
 * @param maxFrameSize largest WebSocket message accepted from an agent, in bytes, after reassembling
 *     fragments; default 65536 (2 s of slin16 audio)
 * @param maxPendingAudioFrames 20 ms frames queued towards a slow agent before new frames are dropped (and
 *     counted); default 50 (1 s)
 * @param maxPendingEvents events from the agent buffered until the call consumes them, beyond which they are
 *     dropped; default 1024
 * @param circuitBreaker per agent URL circuit breaker (Resilience4j instance {@code agent:<url>})
 * @param deniedNetworks IP addresses and CIDR blocks an agent URL may not reach, checked when an agent is saved
 *     and again on the address its host resolves to at every connect (DNS can change): default the link-local
 *     ranges {@code 169.254.0.0/16} and {@code fe80::/10} (cloud metadata at 169.254.169.254 among them), AWS's
 *     IPv6 metadata address {@code fd00:ec2::254/128} and Alibaba Cloud's {@code 100.100.100.200/32}. Private
 *     ranges and loopback are allowed by default (the local stack's agents run there); operators whose internal
 *     network must be out of tenants' reach add it, e.g. {@code 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16}.
 */
@Validated
@ConfigurationProperties("ariadne.agent")
public record AgentProperties(
        @NotNull @DefaultValue("3s") Duration connectTimeout,
        @NotNull @DefaultValue("5s") Duration handshakeTimeout,
        @NotNull @DefaultValue("2s") Duration closeTimeout,
        @Min(1024) @DefaultValue("65536") int maxFrameSize,
        @Min(1) @DefaultValue("50") int maxPendingAudioFrames,
        @Min(16) @DefaultValue("1024") int maxPendingEvents,
        @Valid @NotNull @DefaultValue CircuitBreaker circuitBreaker,
        @NotNull @DefaultValue({"169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128", "100.100.100.200/32"})
                List<String> deniedNetworks) {

    public AgentProperties {
        DeniedNetworks.of(deniedNetworks); // fails at startup naming a malformed entry
        deniedNetworks = List.copyOf(deniedNetworks);
    }

    /** The same settings with other denied networks. */
    public AgentProperties withDeniedNetworks(List<String> networks) {
        return new AgentProperties(connectTimeout, handshakeTimeout, closeTimeout, maxFrameSize, maxPendingAudioFrames,
                maxPendingEvents, circuitBreaker, networks);
    }

    /**
     * Resilience4j circuit breaker settings, one breaker per agent URL, counting connection attempts.
     *
     * @param failureRateThreshold failure percentage that opens the breaker; default 50
     * @param slidingWindowSize attempts the failure rate is computed over (count based); default 50. A short
     *     window let a handful of slow handshakes during a load peak (5 of 10) shut an agent off for every call:
     *     at 200 concurrent calls that turned 5 timeouts into 343 rejected calls.
     * @param minimumNumberOfCalls attempts needed before the rate is computed at all; default 20 (a dead agent
     *     is cut off after 20 failed attempts; each of those callers hears the unavailable prompt anyway)
     * @param waitDurationInOpenState how long an open breaker fails calls fast before letting trial calls
     *     through; default 10s
     * @param permittedCallsInHalfOpenState trial attempts while half open; default 2
     */
    public record CircuitBreaker(
            @DecimalMin("1") @DecimalMax("100") @DefaultValue("50") float failureRateThreshold,
            @Min(1) @DefaultValue("50") int slidingWindowSize,
            @Min(1) @DefaultValue("20") int minimumNumberOfCalls,
            @NotNull @DefaultValue("10s") Duration waitDurationInOpenState,
            @Min(1) @DefaultValue("2") int permittedCallsInHalfOpenState) {}

    /** The documented defaults, for code that builds the client without Spring. */
    public static AgentProperties defaults() {
        return new AgentProperties(
                Duration.ofSeconds(3),
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                65536,
                50,
                1024,
                new CircuitBreaker(50, 50, 20, Duration.ofSeconds(10), 2),
                List.of("169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128", "100.100.100.200/32"));
    }
}
