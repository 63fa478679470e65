package dev.ariadne.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An orchestrator as its own process (the jar the build made, {@code orchestrator/target/*-exec.jar}) on a host of
 * {@link ClusterNet}: the way it runs in production, so that SIGTERM and SIGKILL are real. Output goes to
 * {@code target/e2e-logs/orchestrator-<name>.log}.
 */
final class OrchestratorProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String name;
    private final String baseUrl;
    private final List<String> command;
    private final Path log;
    private Process process;

    OrchestratorProcess(String name, ClusterNet net, String host, int port, Path projectRoot, List<String> args) {
        this.name = name;
        this.baseUrl = "http://" + net.address(host) + ":" + port;
        this.log = projectRoot.resolve("e2e/target/e2e-logs/orchestrator-" + name + ".log");
        List<String> java = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar(projectRoot).toString(),
                "--server.port=" + port, "--spring.main.banner-mode=off"));
        java.addAll(args);
        this.command = net.on(host, java);
    }

    private static Path jar(Path projectRoot) {
        try (Stream<Path> files = Files.list(projectRoot.resolve("orchestrator/target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no orchestrator/target/*-exec.jar: build the"
                            + " orchestrator module first (./mvnw -pl e2e -am verify does)"));
        } catch (IOException e) {
            throw new IllegalStateException("orchestrator/target: " + e.getMessage(), e);
        }
    }

    void start() {
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("orchestrator " + name + " did not start: " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    String baseUrl() {
        return baseUrl;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** The HTTP status of a GET, or -1 when nothing answers. */
    int status(String path) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(2))
                    .GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Waits until {@code path} answers 200 (liveness, readiness); fails with the log's tail. */
    void await(String path, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive()) {
                throw new IllegalStateException("orchestrator " + name + " exited (" + process.exitValue() + "):\n" + tail());
            }
            if (status(path) == 200) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException("orchestrator " + name + ": " + path + " not 200 within " + timeout + ":\n" + tail());
    }

    /** SIGTERM, as Kubernetes or systemd stop it; returns at once. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; its exit code. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("orchestrator " + name + " still runs after " + timeout + ":\n" + tail());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    String tail() {
        return AsteriskInstance.tailOf(log, 40);
    }

    /** The log so far (for checks on what the node said). */
    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            // `ip netns exec` execs java, so this is the JVM itself.
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
