package dev.ariadne.ari;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a real Asterisk 22 for a test class: chroots into the Debian rootfs (ARIADNE_ASTERISK_ROOTFS,
 * default /var/cache/ariadne/asterisk-rootfs) with a scratch configuration written under the
 * rootfs's /tmp, its own run directory and free loopback ports, so it can run beside other
 * Asterisk instances. Fails (does not skip) when the rootfs is missing.
 */
final class RealAsterisk implements BeforeAllCallback, AfterAllCallback {

    static final String USERNAME = "ariadne-test";
    static final String PASSWORD = "ariadne-test-secret";
    static final String CONTEXT = "ariadne-test";

    private final Path rootfs = Path.of(System.getenv().getOrDefault(
            "ARIADNE_ASTERISK_ROOTFS", "/var/cache/ariadne/asterisk-rootfs"));
    private final String dirInRoot = "/tmp/ariadne-ari-test-" + UUID.randomUUID();
    private int httpPort;
    private int sipPort;
    private Process process;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!Files.isExecutable(rootfs.resolve("usr/sbin/asterisk"))) {
            throw new IllegalStateException("No Asterisk rootfs at " + rootfs + " (usr/sbin/asterisk missing)."
                    + " Build it with debootstrap as shared/ENVIRONMENT.md describes, or point"
                    + " ARIADNE_ASTERISK_ROOTFS at one.");
        }
        ensureMounts();
        httpPort = freeTcpPort();
        sipPort = freeUdpPort();
        writeConfig();
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
        // Keep Asterisk's console output for diagnosis; the scratch tree goes.
        Path log = host(dirInRoot + "/log/console.log");
        if (Files.exists(log)) {
            Files.createDirectories(Path.of("target"));
            Files.copy(log, Path.of("target", "asterisk-" + context.getDisplayName() + ".log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        deleteRecursively(host(dirInRoot));
    }

    String ariUrl() {
        return "http://127.0.0.1:" + httpPort + "/";
    }

    AriProperties properties(String app) {
        return new AriProperties(ariUrl(), USERNAME, PASSWORD, app, true, Duration.ofMillis(200), Duration.ofSeconds(1),
                32, Duration.ofSeconds(10));
    }

    /** Stops Asterisk (the events WebSocket drops) and starts it again on the same ports. */
    void restart() throws Exception {
        stop();
        start();
    }

    private void start() throws Exception {
        Path log = host(dirInRoot + "/log/console.log");
        process = new ProcessBuilder("chroot", rootfs.toString(), "/usr/sbin/asterisk", "-f", "-n", "-C",
                        dirInRoot + "/etc/asterisk.conf")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Process started = process;
        // A test JVM killed mid-run must not leave Asterisk behind.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        awaitAri(log);
    }

    private void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy(); // SIGTERM: Asterisk shuts down at once
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
    }

    private void awaitAri(Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        String auth = Base64.getEncoder().encodeToString((USERNAME + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest info = HttpRequest.newBuilder(URI.create(ariUrl() + "ari/asterisk/info"))
                .header("Authorization", "Basic " + auth)
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Asterisk exited with " + process.exitValue() + ":\n" + tail(log));
            }
            try {
                if (http.send(info, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("ARI did not answer on " + ariUrl() + " within 60 s:\n" + tail(log));
    }

    private void ensureMounts() throws Exception {
        if (!Files.isDirectory(rootfs.resolve("proc/1"))) {
            run("mount", "-t", "proc", "proc", rootfs.resolve("proc").toString());
        }
        if (!Files.exists(rootfs.resolve("dev/urandom"))) {
            run("mount", "--bind", "/dev", rootfs.resolve("dev").toString());
        }
    }

    private void writeConfig() throws IOException {
        for (String d : List.of("etc", "run", "log", "spool", "db", "keys", "cache")) {
            Files.createDirectories(host(dirInRoot + "/" + d));
        }
        write("asterisk.conf", """
                [directories]
                astcachedir => %1$s/cache
                astetcdir => %1$s/etc
                astmoddir => /usr/lib/x86_64-linux-gnu/asterisk/modules
                astvarlibdir => /var/lib/asterisk
                astdbdir => %1$s/db
                astkeydir => %1$s/keys
                astdatadir => /usr/share/asterisk
                astagidir => /usr/share/asterisk/agi-bin
                astspooldir => %1$s/spool
                astrundir => %1$s/run
                astlogdir => %1$s/log
                astsbindir => /usr/sbin
                [options]
                """.formatted(dirInRoot));
        write("modules.conf", """
                [modules]
                autoload = no
                load = res_timing_timerfd.so
                load = res_http_websocket.so
                load = res_websocket_client.so
                load = res_sorcery_config.so
                load = res_sorcery_memory.so
                load = res_sorcery_astdb.so
                load = res_pjproject.so
                load = res_pjsip.so
                load = res_pjsip_session.so
                load = res_pjsip_pubsub.so
                load = res_pjsip_sdp_rtp.so
                load = chan_pjsip.so
                load = res_rtp_asterisk.so
                load = res_rtp_multicast.so
                load = chan_rtp.so
                load = codec_ulaw.so
                load = codec_resample.so
                load = bridge_simple.so
                load = bridge_softmix.so
                load = pbx_config.so
                load = func_channel.so
                load = app_playtones.so
                load = app_senddtmf.so
                load = res_stasis.so
                load = res_stasis_answer.so
                load = res_stasis_playback.so
                load = res_stasis_recording.so
                load = res_stasis_snoop.so
                load = app_stasis.so
                load = res_ari.so
                load = res_ari_model.so
                load = res_ari_applications.so
                load = res_ari_asterisk.so
                load = res_ari_bridges.so
                load = res_ari_channels.so
                load = res_ari_endpoints.so
                load = res_ari_events.so
                load = res_ari_playbacks.so
                load = res_ari_recordings.so
                """);
        write("logger.conf", """
                [general]
                [logfiles]
                console => notice,warning,error
                """);
        write("http.conf", """
                [general]
                enabled = yes
                bindaddr = 127.0.0.1
                bindport = %d
                """.formatted(httpPort));
        write("ari.conf", """
                [general]
                enabled = yes
                [%s]
                type = user
                read_only = no
                password = %s
                """.formatted(USERNAME, PASSWORD));
        // Dynamic config (PUT /asterisk/config/dynamic) needs a writable wizard after the file one.
        write("sorcery.conf", """
                [res_pjsip]
                endpoint = config,pjsip.conf,criteria=type=endpoint
                endpoint = memory
                aor = config,pjsip.conf,criteria=type=aor
                aor = memory
                """);
        write("pjsip.conf", """
                [transport-udp]
                type = transport
                protocol = udp
                bind = 127.0.0.1:%d

                [local-peer]
                type = aor
                max_contacts = 1

                [local-peer]
                type = endpoint
                context = %s
                disallow = all
                allow = ulaw
                aors = local-peer
                """.formatted(sipPort, CONTEXT));
        write("extensions.conf", """
                [%s]
                ; the far side of Local/tone@...: answers and plays a 440 Hz tone
                exten => tone,1,Answer()
                 same => n,Playtones(440)
                 same => n,Wait(120)
                 same => n,Hangup()
                ; the far side of Local/dtmf@...: sends digits towards the Stasis side
                exten => dtmf,1,Answer()
                 same => n,Wait(1)
                 same => n,SendDTMF(12#)
                 same => n,Wait(120)
                 same => n,Hangup()
                exten => stasis,1,Stasis(ariadne,dialplan)
                 same => n,Hangup()
                """.formatted(CONTEXT));
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(host(dirInRoot + "/etc/" + name), content);
    }

    private Path host(String pathInRoot) {
        return rootfs.resolve(pathInRoot.substring(1));
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with " + p.exitValue());
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
