package dev.ariadne.e2e;

import dev.ariadne.agent.reference.ReferenceAgent;
import dev.ariadne.agent.reference.ReferenceAgentConfig;
import dev.ariadne.agent.reference.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Outbound call benchmark (not a test: prints figures, asserts nothing). Brings up the end-to-end stack, then:
 * <ol>
 *   <li><b>Setup and failover</b>: {@code calls} sequential outbound calls through a tenant whose trunk A
 *       (priority 1) is sipp answering every INVITE with 503 and whose trunk B (priority 2) is sipp answering
 *       at once; the tone agent hangs up 300 ms after {@code start}. From sipp's message logs (wall clock, same
 *       machine) and the records: {@code POST /api/v1/calls} sent -> INVITE at trunk A; 503 sent by A -> INVITE at
 *       trunk B; 200 OK -> first agent audio sent to the callee ({@code firstAudioMs}).</li>
 *   <li><b>Load</b>: {@code load} calls placed at {@code rate} per second through the carrier Asterisk, which
 *       answers and echoes (so audio flows both ways: the tone agent's 1 kHz there and back), each hung up
 *       through the API after {@code holdSeconds}: failed calls, incomplete records, peak concurrency, CPU of
 *       both Asterisks and the orchestrator.</li>
 * </ol>
 *
 * <p>{@code sudo ./mvnw -B -q -pl e2e -am -Pbench-outbound process-test-classes
 * [-Dbench.args="calls=100 load=50 rate=5 holdSeconds=20"]} (root, sipp from Debian's sip-tester package).
 */
public final class OutboundCallBenchmark {
    private static final Path WORK = Path.of("target", "outbound-bench");

    public static void main(String[] args) throws Exception {
        int calls = CallLoadBenchmark.option(args, "calls", 100);
        int load = CallLoadBenchmark.option(args, "load", 50);
        int rate = CallLoadBenchmark.option(args, "rate", 5);
        int hold = CallLoadBenchmark.option(args, "holdSeconds", 20);
        SippLoad.sipp();
        Files.createDirectories(WORK);
        System.out.println("== Ariadne outbound call benchmark (not a test: prints figures, asserts nothing)");
        System.out.println(CallSetupBenchmark.HostLoad.describe());
        List<String> stackArgs = List.of(
                "--ariadne.tiers.enterprise.max-concurrent-calls=" + (4 * load + 10),
                "--logging.file.name=" + WORK.resolve("orchestrator.log").toAbsolutePath(),
                "--logging.threshold.console=WARN");
        try (E2eStack stack = E2eStack.start(stackArgs, Map.of("ARIADNE_RTP_START", "14000", "ARIADNE_RTP_END", "15999"));
                SippPeer failing = SippPeer.start("uas-503.xml");
                SippPeer answering = SippPeer.start("uas-answer.xml");
                ReferenceAgent shortCalls = ReferenceAgent.start(ReferenceAgentConfig.defaults().withTone(1000, 0.5)
                        .withSteps(Step.parse("after:300:hangup:bench")))) {
            failover(stack, failing, answering, shortCalls, calls);
            load(stack, load, rate, hold);
        }
    }

    private static String enterprise(Api api, String name) {
        return (String) api.post(E2eStack.ADMIN_TOKEN, "/api/v1/tenants",
                Map.of("name", name + "-" + System.nanoTime(), "tier", "enterprise")).get("apiKey");
    }

    private static void failover(E2eStack stack, SippPeer failing, SippPeer answering, ReferenceAgent agent, int calls)
            throws Exception {
        Api api = stack.api();
        String key = enterprise(api, "bench-failover");
        String a = (String) api.trunk(key, Api.peerTrunk("a-503", failing.port(), 1, 100)).get("id");
        String b = (String) api.trunk(key, Api.peerTrunk("b-answers", answering.port(), 2, 100)).get("id");
        api.awaitApplied(key, a);
        api.awaitApplied(key, b);
        String agentId = api.agent(key, "tone", agent.url());
        String from = Api.randomE164();
        api.number(key, from, b, agentId);

        Map<String, Instant> posted = new HashMap<>();
        List<Map<String, Object>> records = new ArrayList<>();
        int warmup = 5;
        for (int i = 0; i < warmup + calls; i++) {
            String to = "+1777" + String.format("%07d", i);
            Instant sent = Instant.now();
            String id = (String) api.placeCall(key, Map.of("to", to, "from", from)).get("id");
            Map<String, Object> r = api.awaitCall(key, id, x -> x.get("endedAt") != null, Duration.ofSeconds(30));
            if (i >= warmup) {
                posted.put(to.substring(1), sent);
                records.add(r);
            }
        }
        Thread.sleep(500); // sipp writes its log as it goes; let the last lines land
        List<SippMessageLog.Message> atA = SippMessageLog.read(failing.messageLog());
        List<SippMessageLog.Message> atB = SippMessageLog.read(answering.messageLog());
        Map<String, String> userByCallIdA = new HashMap<>();
        Map<String, Instant> inviteA = new HashMap<>();
        Map<String, Instant> rejectA = new HashMap<>();
        for (SippMessageLog.Message m : atA) {
            if (m.received() && m.firstLine().startsWith("INVITE ")) {
                String user = strip(m.requestUser());
                userByCallIdA.putIfAbsent(m.callId(), user);
                inviteA.putIfAbsent(user, m.at());
            } else if (!m.received() && m.firstLine().startsWith("SIP/2.0 503") && userByCallIdA.containsKey(m.callId())) {
                rejectA.putIfAbsent(userByCallIdA.get(m.callId()), m.at());
            }
        }
        Map<String, Instant> inviteB = new HashMap<>();
        for (SippMessageLog.Message m : atB) {
            if (m.received() && m.firstLine().startsWith("INVITE ")) {
                inviteB.putIfAbsent(strip(m.requestUser()), m.at());
            }
        }
        List<Double> postToInvite = new ArrayList<>();
        List<Double> failoverGap = new ArrayList<>();
        for (Map.Entry<String, Instant> p : posted.entrySet()) {
            Instant ia = inviteA.get(p.getKey());
            Instant ra = rejectA.get(p.getKey());
            Instant ib = inviteB.get(p.getKey());
            if (ia != null) {
                postToInvite.add(Duration.between(p.getValue(), ia).toNanos() / 1e6);
            }
            if (ra != null && ib != null) {
                failoverGap.add(Duration.between(ra, ib).toNanos() / 1e6);
            }
        }
        List<Double> firstAudio = records.stream().map(r -> r.get("firstAudioMs")).filter(v -> v instanceof Number)
                .map(v -> ((Number) v).doubleValue()).toList();
        long completed = records.stream().filter(r -> "completed".equals(r.get("status"))).count();
        System.out.printf("%n-- setup and failover: %d sequential calls (after %d warm-up), trunk A answers 503, trunk B"
                + " answers; %d completed via B%n", calls, warmup, completed);
        Figures.header("measure (ms)");
        Figures.print("POST /api/v1/calls -> INVITE at trunk A", postToInvite);
        Figures.print("503 from trunk A -> INVITE at trunk B", failoverGap);
        Figures.print("200 OK -> first agent audio to the callee", firstAudio);
        System.out.println("targets: p95 <= 50 ms, <= 100 ms, <= 100 ms");
    }

    private static String strip(String user) {
        return user == null ? null : user.startsWith("+") ? user.substring(1) : user;
    }

    private static void load(E2eStack stack, int load, int rate, int hold) throws Exception {
        Api api = stack.api();
        String key = enterprise(api, "bench-load");
        Map<String, Object> trunk = Api.carrierTrunk("carrier", stack.carrierSipPort(), List.of("192.0.2.250"));
        trunk.put("maxConcurrentCalls", 2 * load + 10);
        String trunkId = (String) api.trunk(key, trunk).get("id");
        api.awaitApplied(key, trunkId);
        String agentId = api.agent(key, "tone", stack.toneAgent().url());
        String from = Api.randomE164();
        api.number(key, from, trunkId, agentId);

        long ariadnePid = stack.ariadneAsterisk().pid();
        long carrierPid = stack.carrierAsterisk().pid();
        long self = ProcessHandle.current().pid();
        double[] cpu0 = {ProcCpu.cpuSeconds(ariadnePid), ProcCpu.cpuSeconds(carrierPid), ProcCpu.cpuSeconds(self),
            ProcCpu.hostBusySeconds()};
        long t0 = System.nanoTime();
        List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicLong refused = new AtomicLong();
        Map<String, String> refusals = new ConcurrentHashMap<>();
        AtomicLong peak = new AtomicLong();
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(4);
        timer.scheduleAtFixedRate(() -> {
            try {
                Object total = api.get(key, "/api/v1/calls/active?size=1").get("total");
                if (total instanceof Number n) {
                    peak.accumulateAndGet(n.longValue(), Math::max);
                }
            } catch (RuntimeException | AssertionError e) {
                // not counted: the API did not answer this second
            }
        }, 1, 1, TimeUnit.SECONDS);
        long periodNanos = 1_000_000_000L / rate;
        for (int i = 0; i < load; i++) {
            long due = t0 + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String to = "+1999200" + String.format("%04d", i);
            Api.Response r = api.placeCall(key, Map.of("to", to, "from", from), null);
            if (r.status() == 201) {
                String id = (String) r.body().get("id");
                ids.add(id);
                timer.schedule(() -> api.hangupCall(key, id), hold, TimeUnit.SECONDS);
            } else {
                refused.incrementAndGet();
                refusals.merge(r.status() + " " + r.body().get("detail"), "x", String::concat);
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(hold + 60).toNanos();
        List<Map<String, Object>> records = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            records = ids.stream().map(id -> api.call(key, id)).toList();
            if (records.stream().allMatch(c -> c.get("endedAt") != null)) {
                break;
            }
            Thread.sleep(500);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double[] cpu1 = {ProcCpu.cpuSeconds(ariadnePid), ProcCpu.cpuSeconds(carrierPid), ProcCpu.cpuSeconds(self),
            ProcCpu.hostBusySeconds()};
        timer.shutdownNow();
        long failed = records.stream().filter(c -> !"completed".equals(c.get("status"))).count();
        Map<String, Long> causes = new LinkedHashMap<>();
        records.stream().filter(c -> !"completed".equals(c.get("status")))
                .forEach(c -> causes.merge(c.get("status") + "/" + c.get("cause"), 1L, Long::sum));
        List<String> incomplete = new ArrayList<>();
        for (Map<String, Object> c : records) {
            @SuppressWarnings("unchecked")
            Map<String, Object> media = (Map<String, Object>) c.get("media");
            List<String> missing = new ArrayList<>();
            for (String f : List.of("answeredAt", "endedAt", "sipCallId", "codec", "firstAudioMs", "traceId")) {
                if (c.get(f) == null) {
                    missing.add(f);
                }
            }
            if (media == null || ((Number) media.get("framesIn")).longValue() == 0) {
                missing.add("framesIn");
            }
            if (media == null || ((Number) media.get("framesOut")).longValue() == 0) {
                missing.add("framesOut");
            }
            if (!missing.isEmpty()) {
                incomplete.add(c.get("id") + " " + missing);
            }
        }
        List<Double> firstAudio = records.stream().map(r -> r.get("firstAudioMs")).filter(v -> v instanceof Number)
                .map(v -> ((Number) v).doubleValue()).toList();
        List<Double> lost = records.stream().map(r -> r.get("media")).filter(m -> m instanceof Map<?, ?>)
                .map(m -> ((Number) ((Map<?, ?>) m).get("framesLost")).doubleValue()).toList();
        System.out.printf("%n-- load: %d calls at %d/s through the carrier (answers and echoes), each hung up after %d s;"
                + " tone agent%n", load, rate, hold);
        System.out.printf("placed %d, refused by the API %d %s, failed %d %s, incomplete records %d%n", ids.size(),
                refused.get(), refusals.keySet(), failed, causes, incomplete.size());
        incomplete.stream().limit(10).forEach(s -> System.out.println("  incomplete: " + s));
        System.out.printf("peak active calls (API, sampled each second): %d%n", peak.get());
        Figures.header("measure");
        Figures.print("200 OK -> first agent audio (ms)", firstAudio);
        Figures.print("frames lost per call", lost);
        System.out.printf("CPU cores over %.0f s: Ariadne's Asterisk %.2f, carrier Asterisk %.2f, orchestrator JVM"
                        + " (with agents and driver) %.2f, whole host %.2f; load average %.2f%n", wall,
                (cpu1[0] - cpu0[0]) / wall, (cpu1[1] - cpu0[1]) / wall, (cpu1[2] - cpu0[2]) / wall,
                (cpu1[3] - cpu0[3]) / wall, ProcCpu.loadAverage());
    }

}
