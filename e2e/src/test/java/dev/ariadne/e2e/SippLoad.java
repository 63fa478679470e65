package dev.ariadne.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One sipp run of the load scenario as a child process: {@code -r rate -l max -m total}, statistics every second
 * into {@code <scenario>_<pid>_.csv} ({@code -trace_stat -fd 1}), errors into {@code <scenario>_<pid>_errors.log}.
 */
final class SippLoad {
    private final Path work;
    private final String tag;
    private final Process process;

    private SippLoad(Path work, String tag, Process process) {
        this.work = work;
        this.tag = tag;
        this.process = process;
    }

    static Path sipp() {
        return Stream.of("/usr/bin/sipp", "/usr/local/bin/sipp")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("sipp not found: apt-get install sip-tester"));
    }

    /** Starts sipp in {@code work/tag}; the scenario is copied there from the test resources. */
    static SippLoad start(Path work, String tag, String e164, int sipPort, int rate, int max, int total)
            throws IOException {
        Path dir = Files.createDirectories(work.resolve(tag)).toAbsolutePath();
        try (Stream<Path> old = Files.list(dir)) {
            old.forEach(p -> p.toFile().delete());
        }
        Path scenario = dir.resolve("uac-load-pcma.xml");
        try (var in = SippLoad.class.getResourceAsStream("/sipp/uac-load-pcma.xml")) {
            Files.copy(in, scenario);
        }
        PcapLoop.write(Path.of("/usr/share/sip-tester/g711a.pcap"), dir.resolve("g711a-x3.pcap"), 3);
        List<String> cmd = List.of(
                sipp().toString(), "-sf", scenario.toString(), "-s", e164.substring(1), "127.0.0.1:" + sipPort,
                "-i", "127.0.0.1", "-mi", "127.0.0.1",
                // Per-call RTP source ports from 50000 on: away from both Asterisks' and the orchestrator's ranges.
                "-mp", "50000",
                "-r", Integer.toString(rate), "-l", Integer.toString(max), "-m", Integer.toString(total),
                "-trace_stat", "-fd", "1", "-trace_err", "-aa", "-nostdin");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.log").toFile())
                .start();
        return new SippLoad(dir, tag, p);
    }

    long pid() {
        return process.pid();
    }

    Path dir() {
        return work;
    }

    /** Waits for sipp to end (killing it after {@code seconds}); returns its exit code (0: no call failed). */
    int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroy();
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            process.destroyForcibly();
            System.out.println("sipp (" + tag + ") did not finish in " + seconds + " s: stopped");
        }
        return process.waitFor();
    }

    /** The rows of sipp's statistics file, each a column name -> value map, oldest first. */
    List<Map<String, String>> stats() throws IOException {
        Path csv;
        try (Stream<Path> files = Files.list(work)) {
            csv = files.filter(f -> f.getFileName().toString().endsWith("_.csv"))
                    .findFirst()
                    .orElse(null);
        }
        List<Map<String, String>> rows = new ArrayList<>();
        if (csv == null) {
            return rows;
        }
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) {
            return rows;
        }
        String[] header = lines.getFirst().split(";");
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split(";");
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < Math.min(header.length, cols.length); i++) {
                row.put(header[i], cols[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** Lines of sipp's error log (empty when none). */
    List<String> errors() throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            List<String> lines = new ArrayList<>();
            for (Path f : files.filter(x -> x.getFileName().toString().endsWith("_errors.log"))
                    .toList()) {
                lines.addAll(Files.readAllLines(f));
            }
            return lines;
        }
    }

    static long column(Map<String, String> row, String name) {
        String v = row.get(name);
        try {
            return v == null ? -1 : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
