package dev.ariadne.ai;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * Agents' metrics, by {@code agent} (its URL without query or credentials: one series per agent URL this node
 * connected to): {@code ariadne.agent.connect}, how long each connect took by {@code outcome} ({@code ok}, or why it
 * failed: {@code circuit_open}, {@code connect_failed}, {@code handshake_rejected}, {@code timeout},
 * {@code address_denied}, {@code error}); {@code ariadne.agent.circuit.state}, each agent's breaker (0 closed,
 * 1 half open, 2 open).
 */
final class AgentMeters {
    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    AgentMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A gauge for each breaker the registry makes (one per agent URL). */
    void breakers(CircuitBreakerRegistry breakers) {
        breakers.getEventPublisher().onEntryAdded(added -> {
            CircuitBreaker b = added.getAddedEntry();
            Gauge.builder("ariadne.agent.circuit.state", b, AgentMeters::state)
                    .tag("agent", b.getName().startsWith("agent:") ? b.getName().substring(6) : b.getName())
                    .description("the agent's circuit breaker: 0 closed, 1 half open, 2 open (calls get the prompt)")
                    .register(registry);
        });
    }

    private static double state(CircuitBreaker b) {
        return switch (b.getState()) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            default -> 2;
        };
    }

    <T> Mono<T> timed(String agent, Mono<T> connect) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return connect.doOnSuccess(x -> record(agent, "ok", start))
                    .doOnError(e -> record(agent, e instanceof AgentUnavailableException u
                            ? u.reason().name().toLowerCase(Locale.ROOT) : "error", start));
        });
    }

    private void record(String agent, String outcome, long start) {
        timers.computeIfAbsent(agent + ' ' + outcome, k -> Timer.builder("ariadne.agent.connect")
                        .tag("agent", agent).tag("outcome", outcome)
                        .description("agent WebSocket connects (TCP, TLS, upgrade) and how long they took")
                        .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
                                Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                                Duration.ofSeconds(1))
                        .register(registry))
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
}
