package dev.ariadne.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process from {@code /proc/<pid>/stat} (utime + stime, all threads), and the host's load average.
 * Two readings over a wall-clock interval give the cores the process used on average.
 */
final class ProcCpu {
    /** Clock ticks per second of /proc's utime and stime; 100 on every Linux this runs on (USER_HZ). */
    static final double TICKS_PER_SECOND = clockTicks();

    private ProcCpu() {}

    /** CPU seconds the process has used so far, or NaN when it is gone. */
    static double cpuSeconds(long pid) {
        // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
        // utime is field 14, stime field 15.
        return ticks(pid, false);
    }

    /**
     * CPU seconds of a process and its direct children, live ones and those already reaped (cutime, cstime): a
     * PostgreSQL postmaster and its backends.
     */
    static double treeCpuSeconds(long pid) {
        double total = ticks(pid, true);
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().matches("[0-9]+")).toList()) {
                String[] f = fields(Long.parseLong(p.getFileName().toString()));
                if (f != null && Long.parseLong(f[1]) == pid) { // f[1] is field 4, the parent pid
                    total += (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
                            + Long.parseLong(f[14])) / TICKS_PER_SECOND;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return total;
    }

    /** The pid of the PostgreSQL postmaster listening on {@code port} ({@code postgres ... -p port}), or -1. */
    static long postmaster(int port) {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().matches("[0-9]+")).toList()) {
                String cmd;
                try {
                    cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                } catch (IOException gone) {
                    continue;
                }
                if (cmd.contains("bin/postgres ") && cmd.contains(" -p " + port + " ")) {
                    return Long.parseLong(p.getFileName().toString());
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** Busy CPU seconds of the whole host, every process (all of /proc/stat's time but idle and iowait). */
    static double hostBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double ticks(long pid, boolean withReaped) {
        String[] f = fields(pid);
        if (f == null) {
            return Double.NaN;
        }
        long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (withReaped) {
            t += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
        return t / TICKS_PER_SECOND;
    }

    /** Fields 3.. of /proc/pid/stat (f[0] is field 3, the state), or null when the process is gone. */
    private static String[] fields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The 1-minute load average. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
