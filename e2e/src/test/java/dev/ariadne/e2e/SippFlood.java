package dev.ariadne.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * sipp sending a flood from a {@link FloodHost}: one request per "call" of a scenario ({@code flood-invite.xml},
 * {@code flood-register.xml}) at {@code rate} per second, {@code total} in all. The answers are counted by status
 * code from sipp's {@code -trace_counts} file; {@code -trace_stat} gives the calls sipp counted as failed (no final
 * answer after its retransmissions, or an answer the scenario does not list).
 */
final class SippFlood {
    private static final Pattern RECV = Pattern.compile("^\\d+_(\\d{3})_Recv$");
    private final Path dir;
    private final Process process;

    private SippFlood(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    static SippFlood start(FloodHost host, Path work, String scenario, String service, int sipPort, int rate, int total)
            throws IOException {
        return start(host::inside, host.hostAddress() + ":" + sipPort, host.floodAddress(), work, scenario, service, rate,
                total);
    }

    /**
     * The same from any host: {@code inside} wraps sipp's command line to run there, {@code target} is host:port,
     * {@code source} the host's own address.
     */
    static SippFlood start(java.util.function.UnaryOperator<List<String>> inside, String target, String source, Path work,
            String scenario, String service, int rate, int total) throws IOException {
        Path dir = Files.createDirectories(work).toAbsolutePath();
        try (Stream<Path> old = Files.list(dir)) {
            old.forEach(p -> p.toFile().delete());
        }
        Path file = dir.resolve(scenario);
        try (var in = SippFlood.class.getResourceAsStream("/sipp/" + scenario)) {
            Files.copy(in, file);
        }
        List<String> sipp = List.of(SippLoad.sipp().toString(), "-sf", file.toString(), "-s", service,
                target, "-i", source, "-p", "0",
                "-r", Integer.toString(rate), "-l", Integer.toString(Math.max(rate * 10, 100)),
                "-m", Integer.toString(total), "-trace_counts", "-trace_stat", "-fd", "1", "-trace_err", "-nostdin");
        Process p = new ProcessBuilder(inside.apply(sipp))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.log").toFile())
                .start();
        return new SippFlood(dir, p);
    }

    long pid() {
        return process.pid();
    }

    /** Waits for sipp to end (stopping it after {@code seconds}); its exit code (0: every call as scripted). */
    int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        return process.waitFor();
    }

    /** Final answers received, by status code (100 Trying included), from the last row of the counts file. */
    Map<Integer, Long> responses() throws IOException {
        Map<String, String> last = lastRow("_counts.csv");
        Map<Integer, Long> codes = new TreeMap<>();
        last.forEach((name, value) -> {
            Matcher m = RECV.matcher(name);
            if (m.matches()) {
                codes.merge(Integer.parseInt(m.group(1)), parse(value), Long::sum);
            }
        });
        codes.values().removeIf(v -> v == 0);
        return codes;
    }

    /** A column of the last row of sipp's statistics file, e.g. {@code TotalCallCreated} or {@code FailedCall(C)}. */
    long stat(String column) throws IOException {
        Map<String, String> last = lastRow("_.csv");
        return parse(last.get(column));
    }

    Path dir() {
        return dir;
    }

    private Map<String, String> lastRow(String suffix) throws IOException {
        Path csv;
        try (Stream<Path> files = Files.list(dir)) {
            csv = files.filter(f -> f.getFileName().toString().endsWith(suffix)
                            && !(suffix.equals("_.csv") && f.getFileName().toString().endsWith("_counts.csv")))
                    .findFirst().orElse(null);
        }
        Map<String, String> row = new TreeMap<>();
        if (csv == null) {
            return row;
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.removeIf(String::isBlank);
        if (lines.size() < 2) {
            return row;
        }
        String[] header = lines.getFirst().split(";");
        String[] cols = lines.getLast().split(";");
        for (int i = 0; i < Math.min(header.length, cols.length); i++) {
            row.put(header[i].strip(), cols[i].strip());
        }
        return row;
    }

    private static long parse(String v) {
        try {
            return v == null ? 0 : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
