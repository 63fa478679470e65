package dev.ariadne.e2e;

import dev.ariadne.agent.reference.ToneAnalysis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SIP flood benchmark (not a test: prints figures, asserts nothing). The end-to-end stack, and a {@link FloodHost}
 * (its own network namespace and address, which no trunk allows) sending sipp floods to Ariadne's Asterisk: INVITEs
 * to a real number at {@code inviteRate} per second (refused by the number's trunk's inbound ACL) and REGISTERs for a
 * user no endpoint has at {@code registerRate} (unidentified), for {@code seconds}. All
 * the while the carrier places real calls to the same number, one after another: each is answered, records 2 s and
 * is checked for the tone agent's 1 kHz (level and dominant frequency, as the e2e tests do). A first phase of
 * {@code baseline} seconds runs the same real calls without a flood.
 *
 * <p>Prints, per phase: the CPU (cores) of Ariadne's Asterisk, the orchestrator (this JVM) and sipp, the host's load
 * average; the flood's answers by status code; the real calls placed / connected with the tone; calls Ariadne's
 * Asterisk processed (channels that ran the dialplan, so could reach Stasis) against the real calls; call records of
 * the number against the real calls.
 *
 * <p>Last, for comparison ({@code compareRate} > 0), a flood that does reach Stasis: see {@link #compare}.
 *
 * <p>{@code sudo ./mvnw -B -q -pl e2e -am -Pbench-flood process-test-classes
 * [-Dbench.args="inviteRate=300 registerRate=200 seconds=30 baseline=20 compareRate=100 compareSeconds=10"]}
 */
public final class FloodBenchmark {
    private static final Path WORK = Path.of("target", "flood-bench");
    private static final double[] CANDIDATES = {300, 440, 1000, 1500};

    record Phase(String name, double seconds, double asterisk, double orchestrator, double postgres, double sipp,
            double load,
            int placed, int withTone, long processed) {}

    public static void main(String[] args) throws Exception {
        int inviteRate = CallLoadBenchmark.option(args, "inviteRate", 300);
        int registerRate = CallLoadBenchmark.option(args, "registerRate", 200);
        int seconds = CallLoadBenchmark.option(args, "seconds", 30);
        int baseline = CallLoadBenchmark.option(args, "baseline", 20);
        int compareRate = CallLoadBenchmark.option(args, "compareRate", 100);
        int compareSeconds = CallLoadBenchmark.option(args, "compareSeconds", 10);
        SippLoad.sipp();
        Files.createDirectories(WORK);
        Files.deleteIfExists(WORK.resolve("orchestrator.log"));
        System.out.println("== Ariadne SIP flood benchmark (not a test: prints figures, asserts nothing)");
        System.out.printf("flood from its own address: %d INVITE/s to a real number + %d REGISTER/s, %d s; real carrier"
                + " calls to that number throughout; %s%n", inviteRate, registerRate, seconds,
                CallSetupBenchmark.HostLoad.describe());
        List<String> stackArgs = List.of(
                "--logging.file.name=" + WORK.resolve("orchestrator.log").toAbsolutePath(),
                "--logging.threshold.console=WARN");
        try (E2eStack stack = E2eStack.start(stackArgs, Map.of()); FloodHost host = FloodHost.create()) {
            CarrierTenant tenant = stack.carrierTenant();
            String did = tenant.newNumber(tenant.toneAgentId());
            long asteriskPid = stack.ariadneAsterisk().pid();
            long self = ProcessHandle.current().pid();
            long pg = ProcCpu.postmaster(stack.postgresPort());

            // Phase 1: real calls only.
            double a0 = ProcCpu.cpuSeconds(asteriskPid), o0 = ProcCpu.cpuSeconds(self), g0 = ProcCpu.treeCpuSeconds(pg);
            long p0 = FloodE2eTests.processedCalls(stack), t0 = System.nanoTime();
            int[] quiet = realCallsFor(stack, did, Duration.ofSeconds(baseline), new AtomicBoolean(true));
            double wall0 = (System.nanoTime() - t0) / 1e9;
            Phase calm = new Phase("real calls only", wall0, (ProcCpu.cpuSeconds(asteriskPid) - a0) / wall0,
                    (ProcCpu.cpuSeconds(self) - o0) / wall0, (ProcCpu.treeCpuSeconds(pg) - g0) / wall0, 0,
                    ProcCpu.loadAverage(), quiet[0], quiet[1],
                    FloodE2eTests.processedCalls(stack) - p0);

            // Phase 2: the same real calls under the flood.
            SippFlood invites = SippFlood.start(host, WORK.resolve("invite"), "flood-invite.xml", did,
                    stack.ariadneSipPort(), inviteRate, inviteRate * seconds);
            // REGISTERs for a user no endpoint has: the unidentified path (INVITEs to the number: the ACL path).
            SippFlood registers = SippFlood.start(host, WORK.resolve("register"), "flood-register.xml",
                    "1000", stack.ariadneSipPort(), registerRate, registerRate * seconds);
            Path log = stack.ariadneAsterisk().log();
            long log0 = Files.size(log);
            double a1 = ProcCpu.cpuSeconds(asteriskPid), o1 = ProcCpu.cpuSeconds(self), g1 = ProcCpu.treeCpuSeconds(pg);
            long p1 = FloodE2eTests.processedCalls(stack), t1 = System.nanoTime();
            AtomicBoolean flooding = new AtomicBoolean(true);
            double[] sippCpu = new double[2];
            Thread watcher = Thread.ofPlatform().start(() -> {
                try {
                    while (ProcessHandle.of(invites.pid()).map(ProcessHandle::isAlive).orElse(false)
                            || ProcessHandle.of(registers.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                        sippCpu[0] = Math.max(sippCpu[0], sippCpu(invites) + sippCpu(registers));
                        Thread.sleep(200);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                flooding.set(false);
            });
            int[] loud = realCallsFor(stack, did, Duration.ofSeconds(seconds + 30), flooding);
            double wall1 = (System.nanoTime() - t1) / 1e9;
            double asteriskCores = (ProcCpu.cpuSeconds(asteriskPid) - a1) / wall1;
            double orchestratorCores = (ProcCpu.cpuSeconds(self) - o1) / wall1;
            double postgresCores = (ProcCpu.treeCpuSeconds(pg) - g1) / wall1;
            double load = ProcCpu.loadAverage();
            watcher.join();
            long logBytes = Files.size(log) - log0;
            int inviteExit = invites.await(30);
            int registerExit = registers.await(30);
            Phase flood = new Phase("under the flood", wall1, asteriskCores, orchestratorCores, postgresCores,
                    sippCpu[0] / wall1,
                    load, loud[0], loud[1], FloodE2eTests.processedCalls(stack) - p1);

            Thread.sleep(2000);
            int records = LoadRecords.fetch(stack.api(), tenant.apiKey(), did).size();
            System.out.println();
            System.out.printf("%-18s %7s %9s %12s %9s %6s %6s %7s %8s %10s%n", "phase", "wall s", "asterisk",
                    "orchestrator", "postgres", "sipp", "load", "calls", "1 kHz ok", "processed");
            for (Phase p : List.of(calm, flood)) {
                System.out.printf("%-18s %7.1f %9.3f %12.3f %9.3f %6.3f %6.2f %7d %8d %10d%n", p.name(), p.seconds(),
                        p.asterisk(), p.orchestrator(), p.postgres(), p.sipp(), p.load(), p.placed(), p.withTone(), p.processed());
            }
            System.out.println("(CPU in cores: CPU seconds / wall seconds; load: the host's 1-minute load average)");
            System.out.printf("INVITE flood: %d sent in %d s, answers by code %s, failed calls %d, sipp exit %d%n",
                    invites.stat("TotalCallCreated"), seconds, invites.responses(), invites.stat("FailedCall(C)"),
                    inviteExit);
            System.out.printf("REGISTER flood: %d sent in %d s, answers by code %s, failed %d, sipp exit %d%n",
                    registers.stat("TotalCallCreated"), seconds, registers.responses(), registers.stat("FailedCall(C)"),
                    registerExit);
            System.out.printf("real calls: %d placed, %d with the agent's 1 kHz; calls processed by Ariadne's"
                            + " Asterisk %d; records of the number %d (all phases: %d real calls)%n",
                    calm.placed() + flood.placed(), calm.withTone() + flood.withTone(),
                    calm.processed() + flood.processed(), records, calm.placed() + flood.placed());
            System.out.printf("Asterisk's messages.log grew %d bytes during the flood (%.0f per flood request): a NOTICE"
                    + " for each refused request%n", logBytes,
                    logBytes / (double) Math.max(1, invites.stat("TotalCallCreated") + registers.stat("TotalCallCreated")));
            if (compareRate > 0) {
                compare(stack, host, compareRate, compareSeconds);
            }
            System.out.println("sipp logs: " + WORK.toAbsolutePath() + "/{invite,register,compare}");
        }
    }

    /**
     * What a flood costs when it does reach Stasis, for comparison: INVITEs to an unknown number from an address a
     * trunk allows (another tenant's trunk lists the flood host's address), so each is identified by address, enters
     * Stasis, is rejected (404) and recorded. That is the path a known number dialled from a stranger's address took
     * before the inbound endpoints' ACLs.
     */
    private static void compare(E2eStack stack, FloodHost host, int rate, int seconds) throws Exception {
        Api api = stack.api();
        String key = api.tenant("flood-compare");
        String trunkId = (String) api.trunk(key, Api.carrierTrunk("flood-host", stack.carrierSipPort(),
                List.of(host.floodAddress()))).get("id");
        api.awaitApplied(key, trunkId);
        String unknown = Api.randomE164();
        long asteriskPid = stack.ariadneAsterisk().pid();
        long self = ProcessHandle.current().pid();
        long pg = ProcCpu.postmaster(stack.postgresPort());
        long p0 = FloodE2eTests.processedCalls(stack);
        double a0 = ProcCpu.cpuSeconds(asteriskPid), o0 = ProcCpu.cpuSeconds(self), g0 = ProcCpu.treeCpuSeconds(pg);
        long t0 = System.nanoTime();
        SippFlood flood = SippFlood.start(host, WORK.resolve("compare"), "flood-invite.xml", unknown,
                stack.ariadneSipPort(), rate, rate * seconds);
        int exit = flood.await(seconds + 60L);
        double wall = (System.nanoTime() - t0) / 1e9;
        double a = (ProcCpu.cpuSeconds(asteriskPid) - a0) / wall, o = (ProcCpu.cpuSeconds(self) - o0) / wall;
        double g = (ProcCpu.treeCpuSeconds(pg) - g0) / wall;
        long processed = FloodE2eTests.processedCalls(stack) - p0;
        Thread.sleep(3000);
        Object records = api.get(E2eStack.ADMIN_TOKEN, "/api/v1/admin/calls/unattributed?number="
                + unknown.substring(1) + "&size=1").get("total");
        System.out.printf("for comparison, a flood that reaches Stasis (%d INVITE/s for %d s to an unknown number from"
                        + " an address a trunk allows): answers %s, failed %d, sipp exit %d; calls processed %d, records %s;"
                        + " cores: asterisk %.3f, orchestrator %.3f, postgres %.3f (wall %.1f s, load %.2f)%n",
                rate, seconds, flood.responses(), flood.stat("FailedCall(C)"), exit, processed, records, a, o, g, wall,
                ProcCpu.loadAverage());
    }

    private static double sippCpu(SippFlood f) {
        // sipp runs as a child of "ip netns exec" (which execs it: same pid) .
        double s = ProcCpu.cpuSeconds(f.pid());
        return Double.isNaN(s) ? 0 : s;
    }

    /** Real calls one after another while {@code go} holds (at most {@code max}): {placed, with the 1 kHz}. */
    private static int[] realCallsFor(E2eStack stack, String did, Duration max, AtomicBoolean go) {
        long end = System.nanoTime() + max.toNanos();
        int placed = 0;
        int ok = 0;
        List<String> failures = new ArrayList<>();
        while (go.get() && System.nanoTime() < end) {
            placed++;
            CarrierCall call = stack.carrier().dial(did);
            String name = "flood-bench-" + UUID.randomUUID();
            try {
                call.awaitAnswered(Duration.ofSeconds(10));
                call.startRecording(name);
                Thread.sleep(2000);
                Wav wav = Wav.read(call.stopRecording(name));
                short[] samples = ToneAnalysis.samples(AgentCalls.last(wav.pcmLe(), wav.sampleRate(), 1.0));
                if (ToneAnalysis.rmsDbfs(samples) > -40
                        && ToneAnalysis.dominantFrequency(samples, wav.sampleRate(), CANDIDATES) == E2eStack.AGENT_TONE_HZ) {
                    ok++;
                } else {
                    failures.add("call " + placed + ": no 1 kHz");
                }
            } catch (Exception | AssertionError e) {
                failures.add("call " + placed + ": " + e);
            } finally {
                try {
                    call.hangup();
                } catch (RuntimeException e) {
                    failures.add("call " + placed + " hangup: " + e);
                }
            }
        }
        failures.forEach(f -> System.out.println("  real call failed: " + f));
        return new int[] {placed, ok};
    }
}
