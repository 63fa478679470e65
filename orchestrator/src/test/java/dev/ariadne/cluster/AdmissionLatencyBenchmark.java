package dev.ariadne.cluster;

import dev.ariadne.support.ApiTest;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Prints what a call admission through the database costs: p50/p99 of admit (lock, count, insert, commit) and of
 * release, one at a time and 16 in flight, on the embedded PostgreSQL; asserts nothing (a benchmark: the class name
 * keeps it out of the *Tests run). Run: {@code ./mvnw -B -q -pl orchestrator -am test
 * -Dtest=AdmissionLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ApiTest
class AdmissionLatencyBenchmark {
    private static final int ADMISSIONS = 2000;

    @Autowired
    DatabaseClient db;

    @Autowired
    TransactionalOperator tx;

    @DynamicPropertySource
    static void quiet(DynamicPropertyRegistry registry) {
        registry.add("logging.level.dev.ariadne", () -> "INFO");
    }

    @Test
    void printAdmissionAndReleaseLatency() {
        Nodes nodes = new Nodes(db, tx);
        ClusterProperties a = Nodes.props(Nodes.id("bench-a"));
        ClusterProperties b = Nodes.props(Nodes.id("bench-b"));
        nodes.heartbeat(a).register().block();
        nodes.heartbeat(b).register().block();
        CallSlots onA = nodes.slots(a);
        CallSlots onB = nodes.slots(b);

        run(onA, onB, 500, 1); // warm-up (JIT, pool)
        long t0 = System.nanoTime();
        long[][] sequential = run(onA, onB, ADMISSIONS, 1);
        double sequentialSeconds = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        long[][] concurrent = run(onA, onB, ADMISSIONS, 16);
        double concurrentSeconds = (System.nanoTime() - t0) / 1e9;

        System.out.printf("%nCall admission through PostgreSQL (embedded, %d cores, load %.2f)%n",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("admit   x%d, one at a time: %s%n", ADMISSIONS, stats(sequential[0]));
        System.out.printf("release x%d, one at a time: %s%n", ADMISSIONS, stats(sequential[1]));
        System.out.printf("admit   x%d, 16 in flight (8 tenants, 2 nodes): %s%n", ADMISSIONS, stats(concurrent[0]));
        System.out.printf("release x%d, 16 in flight: %s%n", ADMISSIONS, stats(concurrent[1]));
        System.out.printf("calls admitted and released per second: %.0f one at a time, %.0f with 16 in flight%n",
                ADMISSIONS / sequentialSeconds, ADMISSIONS / concurrentSeconds);
    }

    /** Admissions on alternating nodes over 8 tenants (limit 50 each, trunk limit 25), every one released after. */
    private static long[][] run(CallSlots onA, CallSlots onB, int count, int concurrency) {
        UUID[] tenants = new UUID[8];
        UUID[] trunks = new UUID[8];
        for (int i = 0; i < tenants.length; i++) {
            tenants[i] = UUID.randomUUID();
            trunks[i] = UUID.randomUUID();
        }
        long[] admit = new long[count];
        long[] release = new long[count];
        Flux.range(0, count).flatMap(i -> {
            CallSlots slots = i % 2 == 0 ? onA : onB;
            UUID call = UUID.randomUUID();
            return Mono.defer(() -> {
                long t0 = System.nanoTime();
                return slots.admit(call, tenants[i % 8], trunks[i % 8], 25, 50).then(Mono.fromRunnable(() ->
                        admit[i] = System.nanoTime() - t0));
            }).then(Mono.defer(() -> {
                long t0 = System.nanoTime();
                return slots.release(call).then(Mono.fromRunnable(() -> release[i] = System.nanoTime() - t0));
            }));
        }, concurrency).then().block(Duration.ofMinutes(5));
        return new long[][] {admit, release};
    }

    private static String stats(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("p50 %.2f ms, p99 %.2f ms, max %.2f ms", s[s.length / 2] / 1e6,
                s[(int) (s.length * 0.99)] / 1e6, s[s.length - 1] / 1e6);
    }
}
