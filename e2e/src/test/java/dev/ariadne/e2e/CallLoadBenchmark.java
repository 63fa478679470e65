package dev.ariadne.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Call load benchmark through real Asterisk (not a test: prints figures, asserts nothing). Brings up the end-to-end
 * stack (Ariadne's Asterisk 22, the orchestrator in this JVM, embedded PostgreSQL), starts the reference agent in
 * echo mode as its own JVM (so its CPU is not the orchestrator's), then sipp places calls from 127.0.0.1 at
 * {@code rate} calls/s, at most {@code max} at once, for {@code seconds}: each call offers PCMA, plays sipp's
 * G.711 pcap for about 21 s (so the agent echoes real audio back), and hangs up. Afterwards it waits for every
 * call record to be finalized and reports failed calls (sipp's and the records'), incomplete records, the peak
 * concurrency and the CPU (cores = CPU seconds from /proc/pid/stat / wall seconds) of Asterisk, the orchestrator,
 * the agent and sipp.
 *
 * <p>The stack's limits are raised for the run only: the enterprise tier and the benchmark's trunk allow
 * {@code 2 * max} concurrent calls, and Ariadne's Asterisk gets 2000 RTP ports (production defaults are
 * unchanged). Everything else the machine runs shows as "other processes" (host CPU minus ours).
 *
 * <p>{@code sudo ./mvnw -B -q -pl e2e -am -Pbench-load process-test-classes
 * [-Dbench.args="rate=10 max=200 seconds=120 warmup=20"]}
 */
public final class CallLoadBenchmark {
    private static final Path WORK = Path.of("target", "load-bench");

    /** One reading per second: CPU seconds so far of each process (and of the host), active calls, load. */
    record Sample(long nanos, double asterisk, double orchestrator, double postgres, double agent, double sipp,
            double host, long active, double load) {}

    public static void main(String[] args) throws Exception {
        int rate = option(args, "rate", 10);
        int max = option(args, "max", 200);
        int seconds = option(args, "seconds", 120);
        int warmup = option(args, "warmup", 20);
        int total = rate * seconds;
        // Twice max: the orchestrator still counts a call while it tears it down after the caller's BYE, so under
        // load it sees more calls than sipp has up (257 with a limit of max + 50 in the first 200-call run).
        int limit = 2 * max;
        SippLoad.sipp();
        Files.createDirectories(WORK);
        Files.deleteIfExists(WORK.resolve("orchestrator.log"));
        System.out.println("== Ariadne call load benchmark (not a test: prints figures, asserts nothing)");
        System.out.printf("sipp %d calls/s, at most %d at once, %d calls (%d s), each held ~21 s, PCMA both ways;"
                        + " echo agent; %s%n", rate, max, total, seconds, CallSetupBenchmark.HostLoad.describe());
        List<String> stackArgs = List.of(
                "--ariadne.tiers.enterprise.max-concurrent-calls=" + limit,
                // The orchestrator's per-call lines go to a file (read it when calls fail), not between the figures.
                "--logging.file.name=" + WORK.resolve("orchestrator.log").toAbsolutePath(),
                "--logging.threshold.console=WARN");
        // 4 RTP ports per call on Ariadne's Asterisk (caller leg and external media, RTP + RTCP each): the e2e
        // stack's 1000 ports would cap it at 250 calls.
        Map<String, String> asteriskEnv = Map.of("ARIADNE_RTP_START", "14000", "ARIADNE_RTP_END", "15999");
        try (E2eStack stack = E2eStack.start(stackArgs, asteriskEnv);
                EchoAgentProcess agent = EchoAgentProcess.start(WORK)) {
            Api api = stack.api();
            String key = (String) api.post(E2eStack.ADMIN_TOKEN, "/api/v1/tenants",
                            Map.of("name", "load-" + System.currentTimeMillis(), "tier", "enterprise"))
                    .get("apiKey");
            Map<String, Object> trunkBody =
                    new LinkedHashMap<>(Api.carrierTrunk("load", stack.carrierSipPort(), List.of("127.0.0.1")));
            trunkBody.put("codecs", List.of("alaw")); // sipp's only G.711 pcap is A-law
            trunkBody.put("maxConcurrentCalls", limit);
            String trunkId = (String) api.trunk(key, trunkBody).get("id");
            api.awaitApplied(key, trunkId);
            String agentId = api.agent(key, "echo-load", agent.url());
            if (warmup > 0) {
                String warm = Api.randomE164();
                api.number(key, warm, trunkId, agentId);
                SippLoad w = SippLoad.start(WORK, "warmup", warm, stack.ariadneSipPort(), rate, max, warmup);
                w.await(warmup / rate + 90);
                System.out.println("warm-up: " + warmup + " calls done (not counted)");
                LoadRecords.awaitFinal(api, key, warm, warmup, Duration.ofSeconds(60));
            }
            String e164 = Api.randomE164();
            api.number(key, e164, trunkId, agentId);

            long asteriskPid = stack.ariadneAsterisk().pid();
            long selfPid = ProcessHandle.current().pid();
            long pgPid = ProcCpu.postmaster(stack.postgresPort());
            SippLoad sipp = SippLoad.start(WORK, "run", e164, stack.ariadneSipPort(), rate, max, total);
            List<Sample> samples = new CopyOnWriteArrayList<>();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(
                    () -> samples.add(sample(api, key, asteriskPid, selfPid, pgPid, agent.pid(), sipp.pid())),
                    0, 1, TimeUnit.SECONDS);
            int exit = sipp.await(seconds + 30 + 180);
            sampler.shutdown();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
            System.out.println("sipp ended (exit " + exit + "); waiting for the call records to be finalized");

            List<Map<String, String>> stats = sipp.stats();
            Map<String, String> last = stats.isEmpty() ? Map.of() : stats.getLast();
            long placed = SippLoad.column(last, "OutgoingCall(C)");
            List<Map<String, Object>> records =
                    LoadRecords.awaitFinal(api, key, e164, Math.max(placed, 0), Duration.ofSeconds(120));
            LoadReport.print(max, stats, exit, sipp.errors(), records, samples, sipp.dir(), stack.ariadneAsterisk().log());
        }
    }

    private static Sample sample(Api api, String key, long asterisk, long self, long pg, long agent, long sipp) {
        long active = -1;
        try {
            Object t = api.get(key, "/api/v1/calls/active?size=1").get("total");
            active = t instanceof Number n ? n.longValue() : -1;
        } catch (RuntimeException | AssertionError e) {
            // counted as unknown (-1): the API did not answer in time under load
        }
        return new Sample(System.nanoTime(), ProcCpu.cpuSeconds(asterisk), ProcCpu.cpuSeconds(self),
                ProcCpu.treeCpuSeconds(pg), ProcCpu.cpuSeconds(agent), ProcCpu.cpuSeconds(sipp),
                ProcCpu.hostBusySeconds(), active, ProcCpu.loadAverage());
    }

    static int option(String[] args, String name, int dflt) {
        for (String a : args) {
            if (a.startsWith(name + "=")) {
                return Integer.parseInt(a.substring(name.length() + 1));
            }
        }
        return dflt;
    }

    /** The reference agent in echo mode in its own JVM, logging to {@code work/agent.log}. */
    record EchoAgentProcess(Process process, int port) implements AutoCloseable {
        static EchoAgentProcess start(Path work) throws IOException, InterruptedException {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // Each call keeps a 30 s ring of received audio (~1 MB) for as long as the agent runs: room for it.
            List<String> cmd = new ArrayList<>(List.of(java, "-Xms1g", "-Xmx4g", "-cp",
                    System.getProperty("java.class.path"), "dev.ariadne.agent.reference.ReferenceAgent",
                    "--host", "127.0.0.1", "--port", Integer.toString(port), "--mode", "echo"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(work.resolve("agent.log").toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new EchoAgentProcess(p, port);
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
            }
            p.destroyForcibly();
            throw new IllegalStateException("echo agent did not listen on " + port + "; see " + work.resolve("agent.log"));
        }

        long pid() {
            return process.pid();
        }

        String url() {
            return "ws://127.0.0.1:" + port + "/agent";
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
