package dev.ariadne.ratelimit;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Prints a quiet tenant's API latency alone and while another tenant floods the API (64 requests in flight,
 * as fast as they come back); asserts nothing (a benchmark: the class name keeps it out of the *Tests run). Run:
 * {@code ./mvnw -B -q -pl orchestrator -am test -Dtest=ApiFloodBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * and, for comparison without limits, add {@code -Dbench.rate-limits=false}.
 */
@ApiTest
class ApiFloodBenchmark {
    private static final int QUIET_REQUESTS = 500;
    private static final int FLOOD_CONCURRENCY = 64;

    @Autowired
    WebTestClient web;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void limits(DynamicPropertyRegistry registry) {
        registry.add("ariadne.rate-limits.enabled", () -> System.getProperty("bench.rate-limits", "true"));
        registry.add("logging.level.dev.ariadne", () -> "INFO");
        // The quiet tenant (enterprise) must not hit its own limit: it is measured, not limited. The flooder is free.
        registry.add("ariadne.tiers.enterprise.requests-per-second", () -> "100000");
        registry.add("ariadne.tiers.enterprise.request-burst", () -> "100000");
    }

    @Test
    void printQuietTenantLatencyAloneAndDuringAnotherTenantsFlood() {
        Api api = new Api(web);
        String quiet = api.tenant("enterprise");
        String flooder = api.tenant("free");
        api.trunk(quiet, "quiet-trunk");
        WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();

        measure(client, quiet, 1000); // warm-up (JIT)
        long[] alone = measure(client, quiet, QUIET_REQUESTS);

        AtomicBoolean flooding = new AtomicBoolean(true);
        Map<Integer, AtomicLong> floodStatuses = new ConcurrentHashMap<>();
        long floodStart = System.nanoTime();
        var flood = Flux.range(0, Integer.MAX_VALUE)
                .takeWhile(i -> flooding.get())
                .flatMap(i -> client.get().uri("/api/v1/trunks").header("Authorization", "Bearer " + flooder)
                        .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                        .onErrorResume(e -> Mono.just(-1)), FLOOD_CONCURRENCY)
                .doOnNext(s -> floodStatuses.computeIfAbsent(s, k -> new AtomicLong()).incrementAndGet())
                .subscribe();
        long[] during;
        try {
            sleep(Duration.ofSeconds(1)); // the flood at full speed before measuring
            during = measure(client, quiet, QUIET_REQUESTS);
        } finally {
            flooding.set(false);
            sleep(Duration.ofMillis(500));
            flood.dispose();
        }
        double floodSeconds = (System.nanoTime() - floodStart) / 1e9;
        long floodTotal = floodStatuses.values().stream().mapToLong(AtomicLong::get).sum();

        System.out.printf("%nAPI flood benchmark (rate limits %s; %d cores)%n",
                System.getProperty("bench.rate-limits", "true").equals("true") ? "on" : "off",
                Runtime.getRuntime().availableProcessors());
        System.out.printf("quiet tenant, GET /api/v1/trunks x%d, alone:        %s%n", QUIET_REQUESTS, stats(alone));
        System.out.printf("quiet tenant, GET /api/v1/trunks x%d, during flood: %s%n", QUIET_REQUESTS, stats(during));
        System.out.printf("flood: %d requests in %.1f s (%.0f/s), by status %s%n", floodTotal, floodSeconds,
                floodTotal / floodSeconds, floodStatuses);
    }

    /** Sequential requests; each latency in microseconds, and -status for an answer other than 200. */
    private static long[] measure(WebClient client, String key, int n) {
        long[] micros = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            Integer status = client.get().uri("/api/v1/trunks").header("Authorization", "Bearer " + key)
                    .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                    .block(Duration.ofSeconds(10));
            long us = (System.nanoTime() - t0) / 1000;
            micros[i] = status != null && status == 200 ? us : -1;
        }
        return micros;
    }

    private static String stats(long[] micros) {
        long failed = Arrays.stream(micros).filter(x -> x < 0).count();
        long[] ok = Arrays.stream(micros).filter(x -> x >= 0).sorted().toArray();
        if (ok.length == 0) {
            return "no successful request (" + failed + " failed)";
        }
        return "p50 %.2f ms, p99 %.2f ms, max %.2f ms, non-200 %d".formatted(ok[ok.length / 2] / 1000.0,
                ok[(int) Math.min(ok.length - 1, Math.ceil(ok.length * 0.99) - 1)] / 1000.0, ok[ok.length - 1] / 1000.0,
                failed);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
