package dev.ariadne.e2e;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real SIP peer for a trunk to point at: sipp as a UAS playing a scenario from the test resources (e.g.
 * {@code uas-503.xml}, a carrier that fails every INVITE), on a free UDP port of 127.0.0.1, logging every message
 * it handles ({@code -trace_msg}) so a test can count the INVITEs it got.
 */
final class SippPeer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;

    private SippPeer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static SippPeer start(String scenario) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(Path.of("target", "sipp-peers", scenario.replace(".xml", "") + "-"
                + System.nanoTime())).toAbsolutePath();
        Path file = dir.resolve(scenario);
        try (var in = SippPeer.class.getResourceAsStream("/sipp/" + scenario)) {
            Files.copy(in, file);
        }
        int port = freeUdpPort();
        Process p = new ProcessBuilder(List.of(SippLoad.sipp().toString(), "-sf", file.toString(), "-i", "127.0.0.1",
                        "-p", Integer.toString(port), "-trace_msg", "-message_file", dir.resolve("messages.log").toString(),
                        "-nostdin"))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile())
                .start();
        waitListening(port, p, dir);
        return new SippPeer(p, port, dir);
    }

    int port() {
        return port;
    }

    /** sipp's {@code -trace_msg} log of every message it received and sent. */
    Path messageLog() {
        return dir.resolve("messages.log");
    }

    /** INVITEs the peer has received so far. */
    long invites() throws IOException {
        Path log = dir.resolve("messages.log");
        if (!Files.exists(log)) {
            return 0;
        }
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("INVITE sip:")).count();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Until sipp's UDP socket shows in /proc/net/udp (binding a probe socket would take the port from it). */
    private static void waitListening(int port, Process p, Path dir) throws InterruptedException, IOException {
        String hex = String.format(":%04X ", port);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("sipp exited (" + p.exitValue() + "); see " + dir.resolve("sipp.out"));
            }
            if (Files.readAllLines(Path.of("/proc/net/udp")).stream().anyMatch(l -> l.contains(hex))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("sipp is not listening on UDP " + port);
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }
}
