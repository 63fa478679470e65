package dev.ariadne.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One Asterisk instance run through {@code asterisk-config/asterisk.sh} ({@code up}, {@code down},
 * {@code cli}, {@code env}) with the settings given as environment variables. Output of every script
 * run is appended to {@code target/e2e-logs/asterisk-<instance>.out}.
 */
final class AsteriskInstance {
    private final Path script;
    private final String name;
    private final Map<String, String> env;
    private final Path output;

    AsteriskInstance(Path script, String name, Map<String, String> env, Path logDir) {
        this.script = Objects.requireNonNull(script, "script");
        this.name = Objects.requireNonNull(name, "name");
        this.env = Map.copyOf(env);
        this.output = logDir.resolve("asterisk-" + name + ".out");
    }

    String name() {
        return name;
    }

    /** Renders the config, starts Asterisk and waits for ARI; fails with the log tail when it does not come up. */
    void up() {
        Result r = run(120, "up", name);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("asterisk.sh up " + name + " failed (exit " + r.exitCode() + "):\n"
                    + tail(r.output(), 40) + "\n--- messages.log ---\n" + tail(readQuietly(log()), 40));
        }
    }

    /** Stops the instance if it runs (idempotent). */
    void down() {
        Result r = run(60, "down", name);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("asterisk.sh down " + name + " failed:\n" + tail(r.output(), 20));
        }
    }

    /** The running instance's process id (host pid namespace: the chroot shares it). */
    long pid() {
        Path pidFile = Path.of(settings().get("RUN_DIR"), "run", "asterisk.pid");
        try {
            return Long.parseLong(Files.readString(pidFile).strip());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException(name + " has no readable pid file " + pidFile, e);
        }
    }

    /**
     * Kills the running instance with SIGKILL, as a crash would: no BYE to anyone, no ARI events, the
     * WebSocket simply drops. Returns once the process is gone; {@link #down()} then cleans up.
     */
    void crash() {
        Path pidFile = Path.of(settings().get("RUN_DIR"), "run", "asterisk.pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle process = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalStateException(name + " (pid " + pid + ") is not running"));
            process.destroyForcibly();
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not kill " + name + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    /**
     * Deletes the stopped instance's astdb: registrar contacts live there and survive a restart, so a contact
     * from an earlier run would make a registration look done before it happened.
     */
    void forgetState() {
        String runDir = settings().get("RUN_DIR");
        if (runDir == null) {
            return;
        }
        try (var files = Files.list(Path.of(runDir, "db"))) {
            for (Path f : files.toList()) {
                if (f.getFileName().toString().startsWith("astdb")) {
                    Files.delete(f);
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // never started: nothing to forget
        } catch (IOException e) {
            throw new IllegalStateException("could not clear " + runDir + "/db: " + e.getMessage(), e);
        }
    }

    /** Output of an Asterisk CLI command ({@code asterisk -rx}). */
    String cli(String command) {
        Result r = run(30, "cli", name, command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("asterisk.sh cli " + name + " '" + command + "' failed:\n" + r.output());
        }
        return r.output();
    }

    /** The instance's resolved settings as {@code asterisk.sh env} prints them (RUN_DIR, RECORDINGS_DIR, LOG, ...). */
    Map<String, String> settings() {
        Result r = run(30, "env", name);
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : r.output().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("asterisk.sh")) {
                settings.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return settings;
    }

    Path recordings() {
        return Path.of(settings().get("RECORDINGS_DIR"));
    }

    Path log() {
        String log = settings().get("LOG");
        return log == null ? Path.of("/nonexistent") : Path.of(log);
    }

    private Result run(int timeoutSeconds, String... args) {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        try {
            Files.createDirectories(output.getParent());
            Path capture = Files.createTempFile(output.getParent(), "asterisk-sh", ".out");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(capture.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + timeoutSeconds + " s:\n" + tail(readQuietly(capture), 40));
            }
            String text = Files.readString(capture, StandardCharsets.UTF_8);
            Files.delete(capture);
            Files.writeString(output, "$ " + String.join(" ", command) + "\n" + text,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            return new Result(p.exitValue(), text);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no " + file + ")";
        } catch (IOException e) {
            return "(unreadable " + file + ": " + e.getMessage() + ")";
        }
    }

    /** The last lines of a log file, or a note that there is none. */
    static String tailOf(Path file, int lines) {
        try {
            return tail(Files.readString(file), lines);
        } catch (IOException e) {
            return "(no log " + file + ": " + e.getMessage() + ")";
        }
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
    }

    private record Result(int exitCode, String output) {}
}
