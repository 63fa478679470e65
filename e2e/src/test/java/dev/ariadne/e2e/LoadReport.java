package dev.ariadne.e2e;

import dev.ariadne.e2e.CallLoadBenchmark.Sample;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Prints the call load benchmark's figures: sipp's counts, the records' verdicts, concurrency and CPU. */
final class LoadReport {
    private static final List<String> SIPP_FAILURES = List.of(
            "FailedCannotSendMessage(C)", "FailedMaxUDPRetrans(C)", "FailedTcpConnect(C)", "FailedTcpClosed(C)",
            "FailedUnexpectedMessage(C)", "FailedCallRejected(C)", "FailedCmdNotSent(C)",
            "FailedRegexpDoesntMatch(C)", "FailedRegexpShouldntMatch(C)", "FailedRegexpHdrNotFound(C)",
            "FailedOutboundCongestion(C)", "FailedTimeoutOnRecv(C)", "FailedTimeoutOnSend(C)");

    private LoadReport() {}

    static void print(int max, List<Map<String, String>> stats, int exit, List<String> errors,
            List<Map<String, Object>> records, List<Sample> samples, Path sippDir, Path asteriskLog) {
        Map<String, String> last = stats.isEmpty() ? Map.of() : stats.getLast();
        long placed = SippLoad.column(last, "OutgoingCall(C)");
        long ok = SippLoad.column(last, "SuccessfulCall(C)");
        long failed = SippLoad.column(last, "FailedCall(C)");
        long peakSipp = stats.stream().mapToLong(r -> SippLoad.column(r, "CurrentCall")).max().orElse(-1);
        long peakActive = samples.stream().mapToLong(Sample::active).max().orElse(-1);

        List<Map<String, Object>> failedRecords =
                records.stream().filter(r -> LoadRecords.failure(r) != null).toList();
        List<Map<String, Object>> incomplete =
                records.stream().filter(r -> !LoadRecords.missing(r).isEmpty()).toList();
        long unfinished = records.stream().filter(r -> r.get("endedAt") == null).count();

        System.out.printf("%n== Timeline (every 10 s): active calls (orchestrator), cores used in the last 10 s%n");
        System.out.printf("%6s %7s %9s %13s %9s %7s %7s %7s %6s%n", "t(s)", "active", "asterisk", "orchestrator",
                "postgres", "agent", "sipp", "others", "load1");
        for (int i = 10; i < samples.size(); i += 10) {
            Sample a = samples.get(i - 10);
            Sample b = samples.get(i);
            System.out.printf("%6d %7d %9.2f %13.2f %9.2f %7.2f %7.2f %7.2f %6.2f%n", i, b.active(),
                    cores(a, b, Sample::asterisk), cores(a, b, Sample::orchestrator), cores(a, b, Sample::postgres),
                    cores(a, b, Sample::agent), cores(a, b, Sample::sipp), cores(a, b, LoadReport::others), b.load());
        }

        System.out.printf("%n== Calls%n");
        System.out.printf("%-52s %8s%n", "sipp: calls placed", placed);
        System.out.printf("%-52s %8s%n", "sipp: successful", ok);
        System.out.printf("%-52s %8s   (exit %d)%n", "sipp: failed", failed, exit);
        for (String column : SIPP_FAILURES) {
            long n = SippLoad.column(last, column);
            if (n > 0) {
                System.out.printf("%-52s %8d%n", "  " + column, n);
            }
        }
        System.out.printf("%-52s %8d%n", "call records found", records.size());
        System.out.printf("%-52s %8d%n", "calls placed without a record", Math.max(0, placed - records.size()));
        System.out.printf("%-52s %8d%n", "records not ended within 120 s after sipp", unfinished);
        System.out.printf("%-52s %8d%n", "records of failed calls (status/cause)", failedRecords.size());
        LoadRecords.histogram(failedRecords, LoadRecords::failure)
                .forEach((k, v) -> System.out.printf("%-52s %8d%n", "  " + k, v));
        System.out.printf("%-52s %8d%n", "incomplete records", incomplete.size());
        LoadRecords.histogram(
                        incomplete.stream().flatMap(r -> LoadRecords.missing(r).stream()).toList(), f -> "  no " + f)
                .forEach((k, v) -> System.out.printf("%-52s %8d%n", k, v));

        System.out.printf("%n== Media and timing from the records (p50 / p95 / max)%n");
        stat("answered -> ended, s", records, LoadRecords::durationSeconds);
        stat("StasisStart -> first agent audio, ms", records, r -> LoadRecords.number(r.get("firstAudioMs")));
        stat("frames in (Asterisk -> orchestrator)", records, r -> LoadRecords.media(r, "framesIn"));
        stat("frames out (orchestrator -> Asterisk)", records, r -> LoadRecords.media(r, "framesOut"));
        stat("frames lost", records, r -> LoadRecords.media(r, "framesLost"));
        stat("frames late", records, r -> LoadRecords.media(r, "framesLate"));
        stat("frames dropped", records, r -> LoadRecords.media(r, "framesDropped"));
        stat("jitter, ms", records, r -> LoadRecords.media(r, "jitterMs"));

        System.out.printf("%n== Load%n");
        System.out.printf("%-52s %8d%n", "peak concurrent calls (sipp)", peakSipp);
        System.out.printf("%-52s %8d%n", "peak concurrent calls (orchestrator, active API)", peakActive);
        if (samples.size() >= 2) {
            Sample first = samples.getFirst();
            Sample end = samples.getLast();
            int[] full = fullLoadWindow(samples, max);
            System.out.printf("%-40s %11s %11s%n", "CPU, cores (CPU s / wall s)",
                    "whole run", full == null ? "-" : "at >=95% max");
            Sample fa = full == null ? null : samples.get(full[0]);
            Sample fb = full == null ? null : samples.get(full[1]);
            row("Asterisk (Ariadne's)", first, end, fa, fb, Sample::asterisk);
            row("orchestrator JVM (+ benchmark driver)", first, end, fa, fb, Sample::orchestrator);
            row("embedded PostgreSQL (all backends)", first, end, fa, fb, Sample::postgres);
            row("reference agent JVM (echo)", first, end, fa, fb, Sample::agent);
            row("sipp", first, end, fa, fb, Sample::sipp);
            row("other processes on the host", first, end, fa, fb, LoadReport::others);
            row("host, all processes", first, end, fa, fb, Sample::host);
            System.out.printf("%-40s %11.1f %11s%n", "wall seconds", (end.nanos() - first.nanos()) / 1e9,
                    fa == null ? "-" : String.format("%.1f", (fb.nanos() - fa.nanos()) / 1e9));
            System.out.printf("%-40s %11.2f %11.2f%n", "load average (1 min): max, at end",
                    samples.stream().mapToDouble(Sample::load).max().orElse(Double.NaN), end.load());
        }
        System.out.printf("%nsipp errors: %d lines (%s); Asterisk log: %s%n", errors.size(), sippDir, asteriskLog);
        errors.stream().limit(10).forEach(l -> System.out.println("  " + l));
    }

    /** Host CPU not used by the benchmark's own processes (other builds on a shared machine). */
    private static double others(Sample s) {
        return s.host() - s.asterisk() - s.orchestrator() - s.postgres() - s.agent() - s.sipp();
    }

    /**
     * The first and last sample with at least 95 % of {@code max} calls active at the orchestrator (the
     * steady state), or null when too short.
     */
    private static int[] fullLoadWindow(List<Sample> samples, long peak) {
        int from = -1;
        int to = -1;
        for (int i = 0; i < samples.size(); i++) {
            if (peak > 0 && samples.get(i).active() >= 0.95 * peak) {
                from = from < 0 ? i : from;
                to = i;
            }
        }
        return from >= 0 && to - from >= 5 ? new int[] {from, to} : null;
    }

    private static void row(String name, Sample a, Sample b, Sample fa, Sample fb, ToDoubleFunction<Sample> f) {
        System.out.printf("%-40s %11.2f %11s%n", name, cores(a, b, f),
                fa == null ? "-" : String.format("%.2f", cores(fa, fb, f)));
    }

    private static double cores(Sample a, Sample b, ToDoubleFunction<Sample> f) {
        return (f.applyAsDouble(b) - f.applyAsDouble(a)) / ((b.nanos() - a.nanos()) / 1e9);
    }

    private static void stat(String name, List<Map<String, Object>> records, ToDoubleFunction<Map<String, Object>> f) {
        double[] v = records.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            System.out.printf("%-40s %6d %10s%n", name, 0, "-");
            return;
        }
        System.out.printf("%-40s %6d %10.1f %10.1f %10.1f%n", name, v.length, v[pct(v.length, 50)],
                v[pct(v.length, 95)], v[v.length - 1]);
    }

    private static int pct(int n, int p) {
        return Math.max(0, Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1));
    }
}
