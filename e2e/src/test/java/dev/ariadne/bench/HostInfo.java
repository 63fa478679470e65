package dev.ariadne.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a benchmark's figures depend on: JVM, CPU, load on a shared machine, GC activity. */
final class HostInfo {

    private HostInfo() {}

    static String describe() {
        Runtime rt = Runtime.getRuntime();
        var runtime = ManagementFactory.getRuntimeMXBean();
        String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
        return String.join(System.lineSeparator(),
                "JVM:      " + System.getProperty("java.vm.name") + " " + Runtime.version() + " ("
                        + System.getProperty("java.vendor") + ")",
                "JVM args: " + String.join(" ", runtime.getInputArguments()),
                "Heap max: " + rt.maxMemory() / (1024 * 1024) + " MiB; GC: " + gcs,
                "CPU:      " + cpuModel() + "; " + rt.availableProcessors() + " available processor(s)",
                "OS:       " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                "Load avg: " + loadAverage() + " (1/5/15 min; the machine may be shared with other work)");
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** Total GC collections and milliseconds spent collecting, so a phase can report its own share. */
    static long[] gcTotals() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /** CPU time used so far by this JVM (server, client and JIT alike). */
    static long jvmCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }

    /**
     * CPU time used so far by a PostgreSQL server: its postmaster and the live processes under it (backends,
     * writers). Backends that exited are not counted; the connection pool keeps its backends alive.
     */
    static long postgresCpuNanos(ProcessHandle postmaster) {
        if (postmaster == null) {
            return 0;
        }
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(postmaster), postmaster.descendants())
                .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L))
                .sum();
    }

    private static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            return lines.stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }
}
