package dev.ariadne.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.ariadne.ai.AgentConnector;
import dev.ariadne.ai.AgentProperties;
import dev.ariadne.ai.AgentSession;
import dev.ariadne.ai.AgentSessionSpec;
import dev.ariadne.call.AudioRelay;
import dev.ariadne.io.IoLoops;
import dev.ariadne.media.MediaProperties;
import dev.ariadne.media.MediaRelay;
import dev.ariadne.media.MediaSession;
import dev.ariadne.media.MediaStats;
import io.netty.channel.EventLoop;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import jdk.jfr.consumer.RecordingStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The orchestrator side of the media benchmark, in its own JVM so that its CPU time is the media path's alone:
 * the production {@code MediaRelay} and {@code AgentConnector} beans (from the {@code media} and {@code ai}
 * packages' own Spring configuration) wired per call with {@link AudioRelay}, exactly as a call does. Driven by
 * {@link MediaBench} through stdin; answers on stdout with lines starting {@code BENCH }.
 */
public final class MediaBenchNode {

    private record Call(MediaSession media, AgentSession agent, AudioRelay relay) {}

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({MediaProperties.class, AgentProperties.class})
    @ComponentScan(basePackages = {"dev.ariadne.io", "dev.ariadne.media", "dev.ariadne.ai"})
    static class MediaPath {
        /** The agent connector's meters, as in the orchestrator (a Prometheus registry there). */
        @org.springframework.context.annotation.Bean
        io.micrometer.core.instrument.MeterRegistry meterRegistry() {
            return new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        }
    }

    private final MediaRelay relay;
    private final AgentConnector connector;
    private final IoLoops loops;
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final AtomicLong agentFailures = new AtomicLong();
    private final AtomicLong gcPauses = new AtomicLong();
    private final AtomicLong gcPauseNanos = new AtomicLong();
    private final AtomicLong gcPauseMaxNanos = new AtomicLong();
    private volatile Instant markInstant = Instant.MAX;
    private volatile Instant reportInstant = Instant.MAX;
    private final OperatingSystemMXBean os =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private volatile long heapPeak;
    private long markCpu;
    private long markSysTicks;
    private long markWall;

    private MediaBenchNode(ConfigurableApplicationContext context) {
        this.relay = context.getBean(MediaRelay.class);
        this.connector = context.getBean(AgentConnector.class);
        this.loops = context.getBean(IoLoops.class);
        watchGc();
        Thread.ofPlatform().name("bench-heap-sampler").daemon().start(() -> {
            while (true) {
                heapPeak = Math.max(heapPeak, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    public static void main(String[] args) throws Exception {
        int maxCalls = Integer.parseInt(args.length > 0 ? args[0] : "2000");
        PrintStream out = System.out;
        ConfigurableApplicationContext context = new SpringApplicationBuilder(MediaPath.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties(Map.of(
                        "ariadne.media.port-min", "41000",
                        "ariadne.media.port-max", String.valueOf(41000 + maxCalls + 500),
                        "logging.level.root", "WARN",
                        "ariadne.embedded-postgres.enabled", "false",
                        "spring.main.banner-mode", "off"))
                .run();
        MediaBenchNode node = new MediaBenchNode(context);
        out.println("BENCH ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.trim().split(" ");
            switch (cmd[0]) {
                case "open" -> out.println("BENCH opened " + node.open(Integer.parseInt(cmd[1]), URI.create(cmd[2])));
                case "mark" -> {
                    node.mark();
                    out.println("BENCH marked");
                }
                case "report" -> out.println("BENCH report " + node.report());
                case "close" -> {
                    node.closeAll();
                    out.println("BENCH closed");
                }
                case "exit" -> {
                    context.close();
                    out.println("BENCH bye");
                    System.exit(0);
                }
                default -> out.println("BENCH error unknown command " + line);
            }
        }
        context.close();
    }

    // Bench control thread: blocking here is fine, this is not a call path.
    private String open(int n, URI agentUrl) {
        List<Call> opened = Flux.range(0, n)
                .flatMap(i -> openCall("bench-" + i, agentUrl), 64)
                .collectList()
                .block(Duration.ofMinutes(2));
        calls.addAll(opened);
        return opened.stream().map(c -> String.valueOf(c.media().localPort())).collect(Collectors.joining(","));
    }

    private Mono<Call> openCall(String callId, URI agentUrl) {
        AgentSessionSpec spec = new AgentSessionSpec(
                callId, "bench", agentUrl, AgentSessionSpec.ARIADNE_V1, null, null, Map.of("direction", "inbound"));
        // As a call's setup does: the media socket and the agent connection on the same event loop.
        EventLoop loop = loops.next();
        return relay.open(callId, loop).flatMap(media -> connector.connect(spec, loop).map(agent -> {
            AudioRelay wiring = AudioRelay.start(media, agent, event -> {}, error -> agentFailures.incrementAndGet());
            return new Call(media, agent, wiring);
        }));
    }

    private void mark() {
        markCpu = os.getProcessCpuTime();
        markSysTicks = systemTicks();
        markWall = System.nanoTime();
        gcPauses.set(0);
        gcPauseNanos.set(0);
        gcPauseMaxNanos.set(0);
        reportInstant = Instant.MAX;
        markInstant = Instant.now();
        heapPeak = memory.getHeapMemoryUsage().getUsed();
    }

    private String report() {
        long cpu = os.getProcessCpuTime() - markCpu;
        long wall = System.nanoTime() - markWall;
        long sysNanos = (systemTicks() - markSysTicks) * 10_000_000L; // USER_HZ = 100 on Linux
        long heap = heapPeak;
        reportInstant = Instant.now();
        try {
            Thread.sleep(1500); // JFR streams events about once a second
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long lost = 0, late = 0, dropped = 0, droppedInbound = 0, droppedToAgent = 0, in = 0, out = 0;
        for (Call c : calls) {
            MediaStats s = c.media().stats();
            lost += s.lost();
            late += s.late();
            dropped += s.dropped();
            droppedInbound += s.droppedInbound();
            in += s.packetsIn();
            out += s.packetsOut();
            droppedToAgent += c.agent().droppedAudioFrames();
        }
        return "cpuNanos=" + cpu + " sysNanos=" + sysNanos + " wallNanos=" + wall + " gcPauses=" + gcPauses.get() + " gcPauseNanos="
                + gcPauseNanos.get() + " gcPauseMaxNanos=" + gcPauseMaxNanos.get() + " heapPeakBytes=" + heap
                + " heapMaxBytes=" + memory.getHeapMemoryUsage().getMax() + " threads="
                + ManagementFactory.getThreadMXBean().getThreadCount() + " rtpLost=" + lost + " rtpLate=" + late
                + " playoutDropped=" + dropped + " inboundDropped=" + droppedInbound + " agentDropped="
                + droppedToAgent + " packetsIn=" + in + " packetsOut=" + out + " agentFailures="
                + agentFailures.get();
    }

    // Kernel-mode CPU of this process (field 15 of /proc/self/stat), in clock ticks; 0 where there is no procfs.
    private static long systemTicks() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[12]);
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private void closeAll() {
        Flux.fromIterable(List.copyOf(calls))
                .flatMap(c -> {
                    c.relay().dispose();
                    return Mono.when(c.agent().close(), c.media().close());
                }, 256)
                .then()
                .block(Duration.ofMinutes(1));
        calls.clear();
    }

    // GC pauses from JFR's own events (microsecond durations; the MXBean notifications round to milliseconds).
    private void watchGc() {
        RecordingStream stream = new RecordingStream();
        stream.enable("jdk.GarbageCollection");
        stream.onEvent("jdk.GarbageCollection", event -> {
            if (event.getStartTime().isBefore(markInstant) || event.getStartTime().isAfter(reportInstant)) {
                return;
            }
            long sum = event.getDuration("sumOfPauses").toNanos();
            gcPauses.incrementAndGet();
            gcPauseNanos.addAndGet(sum);
            gcPauseMaxNanos.accumulateAndGet(event.getDuration("longestPause").toNanos(), Math::max);
        });
        stream.startAsync();
    }
}
