package dev.ariadne.bench;

import dev.ariadne.AriadneApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trunk create latency through the real REST API: the whole orchestrator in this JVM on an embedded PostgreSQL,
 * {@code POST /api/v1/trunks} over HTTP/1.1 on loopback, each request timed with {@link System#nanoTime()}.
 * A benchmark, not a test: it prints figures and asserts nothing about speed. Target to compare against: p95 under
 * 50 ms. Options ({@code key=value} arguments): {@code count} (1000), {@code warmup} (100), {@code concurrency} (8;
 * 0 skips the concurrent phase). Arguments starting with {@code --} are passed to the application as properties
 * (e.g. {@code --otel.sdk.disabled=true}) and printed, so that a run can say what it changed.
 *
 * <p>Run: {@code ./mvnw -B -q -pl e2e -am -Pbench-trunks process-test-classes}
 */
public final class TrunkCreateBenchmark {
    static final String COMMAND = "./mvnw -B -q -pl e2e -am -Pbench-trunks process-test-classes";
    private static final int MAX_TRUNKS = 100_000;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String adminToken;
    private final ProcessHandle postmaster;

    private TrunkCreateBenchmark(URI base, String adminToken, ProcessHandle postmaster) {
        this.base = base;
        this.adminToken = adminToken;
        this.postmaster = postmaster;
    }

    public static void main(String[] args) {
        byte[] secretsKey = new byte[32];
        new SecureRandom().nextBytes(secretsKey);
        String admin = "bench-admin-" + UUID.randomUUID();
        List<String> appArgs = new ArrayList<>(List.of(
                "--server.port=0",
                "--ariadne.admin-token=" + admin,
                "--ariadne.ari.enabled=false",
                "--ariadne.secrets.key=" + Base64.getEncoder().encodeToString(secretsKey),
                "--ariadne.tiers.enterprise.max-trunks=" + MAX_TRUNKS,
                "--springdoc.api-docs.enabled=false",
                "--springdoc.swagger-ui.enabled=false",
                "--logging.level.root=WARN",
                "--logging.level.dev.ariadne=WARN"));
        List<String> extra = List.of(args).stream().filter(a -> a.startsWith("--")).toList();
        appArgs.addAll(extra);
        Map<String, Integer> opts = options(List.of(args).stream().filter(a -> !a.startsWith("--")).toList());
        int count = opts.get("count");
        int warmup = opts.get("warmup");
        int concurrency = opts.get("concurrency");

        System.out.println("== Ariadne trunk create benchmark (not a test: prints figures, asserts nothing)");
        System.out.println("Command:  " + COMMAND + (args.length > 0 ? " -Dbench.args=\"" + String.join(" ", args) + "\"" : ""));
        System.out.println(HostInfo.describe());
        System.out.println("Setting:  ariadne.tiers.enterprise.max-trunks=" + MAX_TRUNKS
                + " (default 50) so that one enterprise tenant can hold every trunk created here; logging at WARN"
                + (extra.isEmpty() ? "" : "; extra: " + String.join(" ", extra)));

        long started = System.nanoTime();
        SpringApplication app = new SpringApplication(AriadneApplication.class);
        app.setBannerMode(Banner.Mode.OFF);
        ConfigurableApplicationContext ctx = app.run(appArgs.toArray(String[]::new));
        int exit = 0;
        try {
            String pg = ctx.getBean(DatabaseClient.class).sql("SELECT version()")
                    .map(r -> r.get(0, String.class))
                    .one()
                    .block(Duration.ofSeconds(10));
            System.out.printf("Server:   orchestrator started in %.1f s on port %s; %s%n",
                    (System.nanoTime() - started) / 1e9, ctx.getEnvironment().getProperty("local.server.port"), pg);
            // The embedded server runs detached from this JVM; find it from a backend's pid to count its CPU.
            Integer backend = ctx.getBean(DatabaseClient.class).sql("SELECT pg_backend_pid()")
                    .map(r -> r.get(0, Integer.class))
                    .one()
                    .block(Duration.ofSeconds(10));
            ProcessHandle postmaster = ProcessHandle.of(backend).flatMap(ProcessHandle::parent).orElse(null);
            var bench = new TrunkCreateBenchmark(
                    URI.create("http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port")), admin,
                    postmaster);
            List<LatencyStats> results = bench.run(count, warmup, concurrency);
            System.out.println();
            System.out.println(LatencyStats.header());
            results.forEach(r -> System.out.println(r.row()));
            System.out.println("Target:   p95 < 50 ms. Load avg at end: " + HostInfo.loadAverage());
        } catch (Exception e) {
            System.err.println("Benchmark failed: " + e);
            e.printStackTrace();
            exit = 1;
        } finally {
            ctx.close();
        }
        System.exit(exit); // also stops the embedded PostgreSQL (shutdown hook)
    }

    private List<LatencyStats> run(int count, int warmup, int concurrency) throws Exception {
        List<LatencyStats> results = new ArrayList<>();
        String key = tenant();
        phase("warm-up (not counted)", 1, warmup, List.of(key), "warm");
        results.add(phase("sequential, 1 tenant", 1, count, List.of(key), "seq"));
        if (concurrency > 0) {
            // Creates of one tenant serialize on its row lock (the tier limit must hold), so each concurrent
            // worker has its own tenant: this measures the server under parallel load, not that lock.
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                keys.add(tenant());
            }
            phase("warm-up (not counted)", concurrency, warmup, keys, "cwarm");
            results.add(phase("concurrent, 1 tenant per worker", concurrency, count, keys, "conc"));
        }
        return results;
    }

    /** {@code count} creates by {@code keys.size()} workers; request i is named {@code prefix-i}. */
    private LatencyStats phase(String name, int workers, int count, List<String> keys, String prefix) throws Exception {
        long[] nanos = new long[count];
        AtomicInteger next = new AtomicInteger();
        long[] gcBefore = HostInfo.gcTotals();
        long jvmCpu = HostInfo.jvmCpuNanos();
        long pgCpu = HostInfo.postgresCpuNanos(postmaster);
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                String key = keys.get(w);
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        HttpRequest req = createRequest(key, prefix + "-" + i);
                        long t0 = System.nanoTime();
                        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
                        nanos[i] = System.nanoTime() - t0;
                        if (res.statusCode() != 201) {
                            throw new IllegalStateException("create " + prefix + "-" + i + " answered "
                                    + res.statusCode() + ": " + res.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        long wall = System.nanoTime() - start;
        long[] gcAfter = HostInfo.gcTotals();
        double jvmCpuMs = (HostInfo.jvmCpuNanos() - jvmCpu) / 1e6 / count;
        double pgCpuMs = (HostInfo.postgresCpuNanos(postmaster) - pgCpu) / 1e6 / count;
        LatencyStats stats = new LatencyStats(name, workers, nanos, wall);
        // CPU per create is less sensitive than latency to other work on a shared machine.
        System.out.printf("  %-34s done: %d creates in %.2f s; CPU per create: JVM %.2f ms (server, client and JIT),"
                        + " PostgreSQL %.2f ms; GC %d collection(s) / %d ms; load avg %s%n", name, count, wall / 1e9,
                jvmCpuMs, pgCpuMs, gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1], HostInfo.loadAverage());
        return stats;
    }

    private HttpRequest createRequest(String key, String name) {
        // A realistic trunk: registration with credentials, two carrier addresses, two codecs.
        String body = """
                {"name":"%s","direction":"both","host":"sip.carrier.example","port":5060,"transport":"udp",\
                "username":"acct-1001","password":"Tr0unk-S3cret-xyz","register":true,\
                "allowedIps":["203.0.113.10","198.51.100.0/24"],"codecs":["ulaw","g722"],"dtmfMode":"rfc4733",\
                "mediaEncryption":"none","maxConcurrentCalls":2,"priority":10,"fromUser":"15551230000",\
                "fromDomain":"carrier.example","enabled":true}"""
                .formatted(name);
        return HttpRequest.newBuilder(base.resolve("/api/v1/trunks"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** Creates an enterprise tenant and returns its API key. */
    private String tenant() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/api/v1/tenants"))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"bench-" + UUID.randomUUID() + "\",\"tier\":\"enterprise\"}"))
                .build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 201) {
            throw new IllegalStateException("tenant creation answered " + res.statusCode() + ": " + res.body());
        }
        return JsonMapper.builder().build().readTree(res.body()).get("apiKey").asString();
    }

    private static Map<String, Integer> options(List<String> args) {
        Map<String, Integer> opts = new HashMap<>(Map.of("count", 1000, "warmup", 100, "concurrency", 8));
        for (String a : args) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            if (kv.length != 2 || !opts.containsKey(kv[0])) {
                throw new IllegalArgumentException("unknown option '" + a + "'; known: count=N warmup=N concurrency=N");
            }
            opts.put(kv[0], Integer.parseInt(kv[1]));
        }
        return opts;
    }
}
