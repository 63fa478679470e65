package dev.ariadne.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Call setup benchmark (not a test: prints figures, asserts nothing). Brings up the end-to-end stack (real
 * Asterisk, orchestrator, embedded PostgreSQL, tone reference agent), then places sequential calls with sipp from
 * 127.0.0.1 to a number on the carrier tenant's trunk and reports, p50/p95/max:
 * <ul>
 *   <li>INVITE -> 200 OK, measured by sipp (response time of the {@code uac-setup-time.xml} scenario);</li>
 *   <li>StasisStart -> first agent audio frame sent to the caller, from the call records ({@code firstAudioMs},
 *       measured by the orchestrator: StasisStart event received -> first RTP packet of agent audio sent).</li>
 * </ul>
 * The tone agent streams audio as soon as its WebSocket is open, so the second figure is the setup path: routing,
 * answer, bridge, external media, agent handshake, first paced frame.
 *
 * <p>{@code numbers=N} first gives a neighbouring tenant on the same carrier address N numbers on one trunk,
 * through the API (4 at a time), and prints how long each took: Asterisk identifies every INVITE by matching its
 * number against all number identify rows (one POSIX regex per ~13 numbers), so this shows what that costs.
 *
 * <p>{@code ./mvnw -B -q -pl e2e -am -Pbench-calls process-test-classes [-Dbench.args="calls=100 holdMs=300
 * numbers=0"]} (root, sipp from Debian's sip-tester package).
 */
public final class CallSetupBenchmark {

    public static void main(String[] args) throws Exception {
        int calls = option(args, "calls", 100);
        int holdMs = option(args, "holdMs", 300);
        int numbers = option(args, "numbers", 0);
        Path sipp = Stream.of("/usr/bin/sipp", "/usr/local/bin/sipp").map(Path::of).filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("sipp not found: apt-get install sip-tester"));
        System.out.println("== Ariadne call setup benchmark (not a test: prints figures, asserts nothing)");
        System.out.println(calls + " sequential calls, each held " + holdMs + " ms; " + HostLoad.describe());
        try (E2eStack stack = E2eStack.start()) {
            CarrierTenant tenant = stack.carrierTenant();
            if (numbers > 0) {
                neighbour(stack, numbers);
            }
            String e164 = tenant.newNumber(tenant.toneAgentId());
            Path work = Files.createDirectories(Path.of("target", "call-bench"));
            Path scenario = work.resolve("uac-setup-time.xml");
            try (var in = CallSetupBenchmark.class.getResourceAsStream("/sipp/uac-setup-time.xml")) {
                Files.copy(in, scenario, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            // Warm-up: a few calls the figures leave out (JIT, connection pools, Asterisk caches).
            runSipp(sipp, work, scenario, e164, stack.ariadneSipPort(), 5, holdMs, "warmup");
            long t0 = System.nanoTime();
            List<Double> inviteTo200 = runSipp(sipp, work, scenario, e164, stack.ariadneSipPort(), calls, holdMs, "run");
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<Double> firstAudio = firstAudio(stack.api(), tenant.apiKey(), e164, calls + 5, calls);
            System.out.println();
            Figures.header("measure (ms)");
            Figures.print("INVITE -> 200 OK (sipp)", inviteTo200);
            Figures.print("StasisStart -> first agent audio to caller", firstAudio);
            System.out.printf("%d calls in %.1f s; target: p95 of the second <= 100 ms%n", calls, seconds);
        }
    }

    /** A second tenant on the carrier's address with {@code count} numbers on one trunk, made through the API. */
    private static void neighbour(E2eStack stack, int count) {
        Api api = stack.api();
        String key = api.tenant("neighbour");
        String trunkId = (String) api.trunk(key, Api.carrierTrunk("neighbour", stack.carrierSipPort(),
                List.of("127.0.0.1"))).get("id");
        String agentId = api.agent(key, "agent", stack.toneAgent().url());
        List<Double> createMs = java.util.Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        reactor.core.publisher.Flux.range(0, count)
                .flatMap(i -> reactor.core.publisher.Mono.fromRunnable(() -> {
                            long s = System.nanoTime();
                            api.post(key, "/api/v1/numbers", Map.of("e164", "+1444" + String.format("%07d", i),
                                    "trunkId", trunkId, "agentId", agentId));
                            createMs.add((System.nanoTime() - s) / 1e6);
                        })
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 4)
                .blockLast();
        double created = (System.nanoTime() - t0) / 1e9;
        api.awaitApplied(key, trunkId);
        double applied = (System.nanoTime() - t0) / 1e9;
        String identifies = stack.ariadneAsterisk().cli("pjsip show identifies");
        long rows = identifies.lines().filter(l -> l.strip().startsWith("Identify:")).count();
        System.out.printf("neighbour: %d numbers on one trunk created in %.1f s, applied in Asterisk after %.1f s;"
                + " Asterisk has %d identify objects%n", count, created, applied, rows);
        Figures.header("measure (ms)");
        Figures.print("POST /api/v1/numbers (4 at a time)", createMs);
    }

    private static List<Double> runSipp(Path sipp, Path work, Path scenario, String e164, int port, int calls,
            int holdMs, String tag) throws IOException, InterruptedException {
        try (Stream<Path> old = Files.list(work)) {
            old.filter(p -> p.getFileName().toString().endsWith("_rtt.csv")).forEach(p -> p.toFile().delete());
        }
        List<String> cmd = List.of(sipp.toString(), "-sf", scenario.toAbsolutePath().toString(), "-s", e164.substring(1),
                "127.0.0.1:" + port, "-i", "127.0.0.1", "-m", Integer.toString(calls), "-l", "1",
                "-d", Integer.toString(holdMs), "-trace_rtt", "-rtt_freq", "1", "-nostdin");
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("sipp-" + tag + ".log").toFile()).start();
        if (!p.waitFor(calls * (holdMs + 5_000L) + 30_000, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("sipp did not finish; see " + work.resolve("sipp-" + tag + ".log"));
        }
        List<Double> rtts = new ArrayList<>();
        try (Stream<Path> files = Files.list(work)) {
            for (Path f : files.filter(x -> x.getFileName().toString().endsWith("_rtt.csv")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] cols = line.split(";");
                    if (cols.length >= 2 && cols[1].matches("[0-9.]+")) {
                        rtts.add(Double.parseDouble(cols[1]));
                    }
                }
            }
        }
        if (p.exitValue() < 0 || p.exitValue() > 1) {
            throw new IllegalStateException("sipp failed (exit " + p.exitValue() + "); see "
                    + work.resolve("sipp-" + tag + ".log"));
        }
        if (p.exitValue() != 0) {
            System.out.println("sipp exit " + p.exitValue() + " for " + tag + " (some calls failed); see "
                    + work.resolve("sipp-" + tag + ".log"));
        }
        return rtts;
    }

    @SuppressWarnings("unchecked")
    private static List<Double> firstAudio(Api api, String key, String e164, int expected, int newest)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Map<String, Object>> records = List.of();
        while (System.nanoTime() < deadline) {
            Map<String, Object> page = api.get(key, "/api/v1/calls?number=" + e164.substring(1) + "&size=200");
            records = (List<Map<String, Object>>) page.get("items");
            if (records.size() >= expected && records.stream().allMatch(r -> r.get("endedAt") != null)) {
                break;
            }
            Thread.sleep(500);
        }
        return records.stream()
                .sorted(Comparator.comparing((Map<String, Object> r) -> (String) r.get("startedAt")).reversed())
                .limit(newest)
                .map(r -> r.get("firstAudioMs"))
                .filter(v -> v instanceof Number)
                .map(v -> ((Number) v).doubleValue())
                .toList();
    }

    private static int option(String[] args, String name, int dflt) {
        for (String a : args) {
            if (a.startsWith(name + "=")) {
                return Integer.parseInt(a.substring(name.length() + 1));
            }
        }
        return dflt;
    }

    /** The machine's load, printed with the figures. */
    static final class HostLoad {
        static String describe() {
            var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            return os.getAvailableProcessors() + " cores, load average " + String.format("%.2f",
                    os.getSystemLoadAverage()) + ", Java " + Runtime.version();
        }
    }
}
