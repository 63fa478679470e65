package dev.ariadne.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Media relay benchmark (issue #4): N concurrent simulated calls through the orchestrator's real media path.
 *
 * <p>This JVM runs the load generator (plays Asterisk: slin16 RTP, 20 ms, real time) and the echo agent; a child
 * JVM ({@link MediaBenchNode}) runs only the orchestrator's media path, so its CPU, heap and GC are measured
 * alone. Settings (system properties): {@code bench.calls} (default {@code 100,250,500,1000,2000}),
 * {@code bench.seconds} per step (20), {@code bench.warmup} seconds before each step's window (5),
 * {@code bench.jitCalls} and {@code bench.jitSeconds} for a first, unreported step that takes the JIT
 * compilation (50 calls, 8 s; 0 calls: none),
 * {@code bench.out} ({@code target/media-bench}), {@code bench.nodeJvmArgs} ({@code -Xms1g -Xmx1g}).
 */
public final class MediaBench {

    static final long LATE_NANOS = 20_000_000; // later than one frame: a jitter buffer would have played silence

    private static final Map<String, String> REPLIES =
            Map.of("open", "opened", "mark", "marked", "report", "report", "close", "closed", "exit", "bye");

    private final Process node;
    private final PrintWriter toNode;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    private MediaBench(Process node) {
        this.node = node;
        this.toNode = new PrintWriter(node.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("bench-node-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream()))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("BENCH ")) {
                        replies.add(line.substring(6));
                    } else {
                        System.err.println("[node] " + line);
                    }
                }
            } catch (IOException e) {
                // node gone
            }
        });
    }

    public static void main(String[] args) throws Exception {
        int[] steps = Arrays.stream(System.getProperty("bench.calls", "100,250,500,1000,2000").split(","))
                .map(String::trim)
                .mapToInt(Integer::parseInt)
                .toArray();
        int seconds = Integer.getInteger("bench.seconds", 20);
        int warmup = Integer.getInteger("bench.warmup", 5);
        int jitCalls = Integer.getInteger("bench.jitCalls", 50);
        int jitSeconds = Integer.getInteger("bench.jitSeconds", 8);
        Path out = Path.of(System.getProperty("bench.out", "target/media-bench"));
        String nodeArgs = System.getProperty("bench.nodeJvmArgs", "-Xms1g -Xmx1g");
        int maxCalls = Math.max(jitCalls, Arrays.stream(steps).max().orElseThrow());

        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(Arrays.stream(nodeArgs.split(" ")).filter(s -> !s.isBlank()).toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MediaBenchNode.class.getName(),
                String.valueOf(maxCalls)));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        MediaBench bench = new MediaBench(process);
        List<StepResult> results = new ArrayList<>();
        try (EchoAgent agent = new EchoAgent()) {
            bench.expect("ready", 60);
            System.out.printf("media bench: steps %s, %d s each after %d s warm-up, node JVM args [%s], %d cores%n",
                    Arrays.toString(steps), seconds, warmup, nodeArgs, Runtime.getRuntime().availableProcessors());
            if (jitCalls > 0) {
                // The first step run in a fresh node JVM is mostly JIT compilation (0.67 cores for 20 calls
                // against 0.2 once compiled): a throwaway step takes that, and is not reported.
                StepResult jit = bench.step(agent, jitCalls, jitSeconds, 1);
                System.out.printf("JIT warm-up step (not reported): %d calls, %d s, orchestrator %.2f cores%n",
                        jitCalls, jitSeconds, jit.orchestratorCores());
            }
            System.out.print(BenchReport.header());
            for (int n : steps) {
                StepResult r = bench.step(agent, n, seconds, warmup);
                results.add(r);
                System.out.println(BenchReport.row(r));
            }
            bench.command("exit");
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        Files.createDirectories(out);
        String table = BenchReport.table(results);
        System.out.println();
        System.out.println(table);
        Files.writeString(out.resolve("media-bench.md"), table);
        Files.writeString(out.resolve("media-bench.svg"), BenchPlot.svg(results));
        System.out.println("wrote " + out.resolve("media-bench.svg").toAbsolutePath() + " and media-bench.md");
    }

    private StepResult step(EchoAgent agent, int n, int seconds, int warmup) throws Exception {
        String loadBefore = loadAverage();
        String opened = command("open " + n + " " + agent.url());
        List<Integer> ports = Arrays.stream(opened.substring("opened ".length()).split(","))
                .map(Integer::parseInt)
                .toList();
        if (ports.size() != n) {
            throw new IllegalStateException("node opened " + ports.size() + " of " + n + " calls");
        }
        long first = warmup * 50L;
        EchoAgent.Window window = new EchoAgent.Window(first, first + seconds * 50L);
        agent.window(window, LATE_NANOS, n);
        var cpu = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        LoadGenerator generator = new LoadGenerator(ports, window);
        double generatorCores;
        Map<String, Long> node;
        try (generator) {
            awaitFrame(generator, window.first());
            command("mark");
            long cpuStart = cpu.getProcessCpuTime();
            long wallStart = System.nanoTime();
            awaitFrame(generator, window.end());
            generatorCores = (double) (cpu.getProcessCpuTime() - cpuStart) / (System.nanoTime() - wallStart);
            node = parse(command("report")); // takes 1.5 s: in-flight frames arrive meanwhile
            generator.drain(500, 10_000);
        }
        // After close(): the generator's receiving thread has ended, so its figures are final and visible here.
        StepResult result = BenchReport.result(
                n, seconds, window, generator, agent, node, generatorCores, loadBefore, loadAverage());
        command("close");
        return result;
    }

    private static void awaitFrame(LoadGenerator generator, long k) throws InterruptedException {
        while (generator.frame() < k) {
            Thread.sleep(5);
        }
    }

    private String command(String line) throws InterruptedException {
        toNode.println(line);
        return expect(REPLIES.get(line.split(" ")[0]), 180);
    }

    private String expect(String prefix, int timeoutSeconds) throws InterruptedException {
        String reply = replies.poll(timeoutSeconds, TimeUnit.SECONDS);
        if (reply == null) {
            throw new IllegalStateException("no '" + prefix + "' from the node within " + timeoutSeconds + " s");
        }
        if (!reply.startsWith(prefix)) {
            throw new IllegalStateException("expected '" + prefix + "' from the node, got: " + reply);
        }
        return reply;
    }

    private static Map<String, Long> parse(String report) {
        Map<String, Long> values = new HashMap<>();
        for (String kv : report.substring("report ".length()).split(" ")) {
            String[] p = kv.split("=");
            values.put(p[0], Long.parseLong(p[1]));
        }
        return values;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }
}
