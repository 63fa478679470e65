package dev.ariadne.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.ariadne.AriadneApplication;
import dev.ariadne.agent.reference.ReferenceAgent;
import dev.ariadne.agent.reference.ReferenceAgentConfig;
import dev.ariadne.ari.AriProperties;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import static org.awaitility.Awaitility.await;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real stack on loopback, started once per JVM by {@link E2eExtension} and closed when the test run ends:
 * the orchestrator in-process (embedded PostgreSQL on a chosen port), Ariadne's Asterisk and the carrier
 * simulator's Asterisk (both through {@code asterisk-config/asterisk.sh}, which needs root), and two reference
 * agents (echo, and a 1 kHz tone).
 *
 * <p>Ports are free ones picked at start (SIP, ARI, PostgreSQL); RTP ranges are fixed and away from
 * asterisk.sh's defaults, and the instances are named {@code ariadne-e2e} and {@code carrier-e2e} (see
 * {@link #STACK_ID}), so a stack
 * started by hand with the defaults can run beside it.
 */
public final class E2eStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(E2eStack.class);

    public static final String ADMIN_TOKEN = "e2e-admin";
    /**
     * Which stack this is ({@code -De2e.stack=NAME}, default {@code e2e}): the Asterisk instances are named
     * {@code ariadne-NAME} and {@code carrier-NAME}, so stacks of several checkouts can run side by side
     * (give each its own {@code -De2e.rtp-offset}, too).
     */
    static final String STACK_ID = System.getProperty("e2e.stack", "e2e");
    /** Added to the stack's RTP port ranges ({@code -De2e.rtp-offset=N}, default 0) for stacks side by side. */
    static final int RTP_OFFSET = Integer.getInteger("e2e.rtp-offset", 0);
    public static final String ARIADNE_INSTANCE = "ariadne-" + STACK_ID;
    public static final String CARRIER_INSTANCE = "carrier-" + STACK_ID;
    /** The digest credentials the carrier simulator demands of Ariadne (asterisk.sh defaults). */
    public static final String CARRIER_TRUNK_USER = "ariadne-trunk";
    public static final String CARRIER_TRUNK_PASSWORD = "s3cret-pass";
    public static final double AGENT_TONE_HZ = 1000;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Path projectRoot;
    private final int pgPort;
    private final int ariadneSipPort;
    private final int ariadneAriPort;
    private final int ariadneAmiPort;
    private final int carrierSipPort;
    private final int carrierAriPort;
    private final int ariadneTlsPort;
    private final int carrierTlsPort;
    private AsteriskInstance ariadneAsterisk;
    private AsteriskInstance carrierAsterisk;
    private ConfigurableApplicationContext orchestrator;
    private final int httpPort;
    private WireMockServer twilio;
    private Api api;
    private Carrier carrier;
    private ReferenceAgent echoAgent;
    private ReferenceAgent toneAgent;
    private CarrierTenant carrierTenant;
    private RuntimeException carrierTenantFailure;
    private final List<String> extraOrchestratorArgs;
    private final Map<String, String> asteriskEnvOverrides;
    private String secretsKey;

    private E2eStack(Path projectRoot, List<String> extraOrchestratorArgs, Map<String, String> asteriskEnvOverrides) {
        this.projectRoot = projectRoot;
        this.extraOrchestratorArgs = List.copyOf(extraOrchestratorArgs);
        this.asteriskEnvOverrides = Map.copyOf(asteriskEnvOverrides);
        this.pgPort = freeTcpPort();
        this.ariadneSipPort = freeSipPort();
        this.ariadneAriPort = freeTcpPort();
        this.ariadneAmiPort = freeTcpPort();
        this.carrierSipPort = freeSipPort();
        this.carrierAriPort = freeTcpPort();
        this.ariadneTlsPort = freeTcpPort();
        this.carrierTlsPort = freeTcpPort();
        // Chosen before start, not 0: ariadne.public-url (what Twilio's webhooks are signed for) must name it.
        this.httpPort = freeTcpPort();
    }

    /** Starts everything; on failure stops what already runs and rethrows. */
    static E2eStack start() {
        // A small circuit-breaker window, so that AgentUnreachableE2eTests opens it with five calls (the load
        // benchmark keeps the production default).
        return start(List.of("--ariadne.agent.circuit-breaker.sliding-window-size=10",
                "--ariadne.agent.circuit-breaker.minimum-number-of-calls=5"), Map.of());
    }

    /**
     * Starts everything with extra orchestrator arguments ({@code --name=value}, after the stack's own, so they
     * win) and asterisk.sh variables replacing the stack's (e.g. {@code ARIADNE_RTP_END}): higher limits for a
     * load benchmark.
     */
    static E2eStack start(List<String> extraOrchestratorArgs, Map<String, String> asteriskEnvOverrides) {
        E2eStack stack = new E2eStack(findProjectRoot(), extraOrchestratorArgs, asteriskEnvOverrides);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        long t0 = System.nanoTime();
        Path script = projectRoot.resolve("asterisk-config/asterisk.sh");
        Path logDir = projectRoot.resolve("e2e/target/e2e-logs");
        Map<String, String> env = asteriskEnv(TlsFiles.ensure(script, projectRoot.resolve("e2e/target/tls")));
        ariadneAsterisk = new AsteriskInstance(script, ARIADNE_INSTANCE, env, logDir);
        carrierAsterisk = new AsteriskInstance(script, CARRIER_INSTANCE, env, logDir);
        // Leftovers of an earlier run that did not get to its teardown.
        carrierAsterisk.down();
        ariadneAsterisk.down();
        carrierAsterisk.forgetState();
        ariadneAsterisk.forgetState();

        // Twilio's REST API, played by WireMock (Twilio's side of webhooks and Media Streams: TwilioPeer).
        twilio = new WireMockServer(WireMockConfiguration.wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        twilio.start();
        closeables.add(twilio::stop);

        // The orchestrator first: its embedded PostgreSQL (with the asterisk schema and role, by Liquibase) must
        // be there before Asterisk's res_config_pgsql connects. Its ARI client retries until Asterisk is up.
        startOrchestrator();
        closeables.add(ariadneAsterisk::down);
        ariadneAsterisk.up();
        String pg = ariadneAsterisk.cli("realtime show pgsql status");
        if (!pg.startsWith("Connected")) {
            throw new IllegalStateException("Ariadne's Asterisk is not connected to PostgreSQL on port " + pgPort
                    + ": " + pg);
        }
        closeables.add(carrierAsterisk::down);
        carrierAsterisk.up();

        carrier = new Carrier(new AriProperties("http://127.0.0.1:" + carrierAriPort + "/", "carrier", "carrier",
                "carrier", true, Duration.ofMillis(200), Duration.ofSeconds(2), 32, Duration.ofSeconds(10)), carrierAsterisk);
        closeables.add(carrier);
        echoAgent = ReferenceAgent.start(ReferenceAgentConfig.defaults());
        closeables.add(echoAgent);
        toneAgent = ReferenceAgent.start(ReferenceAgentConfig.defaults().withTone(AGENT_TONE_HZ, 0.5));
        closeables.add(toneAgent);
        awaitAriadneAppRegistered();
        log.info("e2e stack up in {} ms: orchestrator http://127.0.0.1:{}, PostgreSQL {}, Ariadne SIP {} ARI {},"
                        + " carrier SIP {} ARI {}", (System.nanoTime() - t0) / 1_000_000, httpPort, pgPort,
                ariadneSipPort, ariadneAriPort, carrierSipPort, carrierAriPort);
    }

    /**
     * The orchestrator's events WebSocket registers the Stasis app {@code ariadne}; without it Asterisk fails
     * every call into Stasis (cause 34). The orchestrator started before Asterisk and reconnects with backoff,
     * so wait for it rather than let the first test race it.
     */
    private void awaitAriadneAppRegistered() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (ariadneAsterisk.cli("ari show apps").contains("ariadne")) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the ariadne Stasis app", e);
            }
        }
        throw new IllegalStateException("Stasis app 'ariadne' is not registered in Ariadne's Asterisk after 60 s:"
                + " the orchestrator's ARI events WebSocket did not connect (see e2e/target/e2e-logs)");
    }

    /** Kills Ariadne's Asterisk (SIGKILL), as a crash would, and leaves it down ({@link #restartAriadneAsterisk}). */
    void crashAriadneAsterisk() {
        ariadneAsterisk.crash();
        ariadneAsterisk.down();
    }

    /**
     * Starts Ariadne's Asterisk again with the same settings and waits until the orchestrator's ARI client has
     * reconnected and registered its Stasis app again.
     */
    void restartAriadneAsterisk() {
        ariadneAsterisk.up();
        awaitAriadneAppRegistered();
    }

    private Map<String, String> asteriskEnv(TlsFiles tls) {
        Map<String, String> env = new LinkedHashMap<>(tls.asteriskEnv(ariadneTlsPort, carrierTlsPort));
        env.put("ARIADNE_DB_HOST", "127.0.0.1");
        env.put("ARIADNE_DB_PORT", Integer.toString(pgPort));
        env.put("ARIADNE_DB_NAME", "postgres");
        // All addresses, not only loopback: FloodE2eTests and FloodBenchmark send from a network namespace of their
        // own (FloodHost) and reach Ariadne's Asterisk on the host side of its veth pair. The carrier still targets
        // 127.0.0.1 (asterisk.sh maps 0.0.0.0 to it).
        env.put("ARIADNE_SIP_BIND", "0.0.0.0");
        env.put("ARIADNE_SIP_PORT", Integer.toString(ariadneSipPort));
        env.put("ARIADNE_ARI_PORT", Integer.toString(ariadneAriPort));
        env.put("ARIADNE_AMI_PORT", Integer.toString(ariadneAmiPort));
        env.put("ARIADNE_RTP_START", Integer.toString(14000 + RTP_OFFSET));
        env.put("ARIADNE_RTP_END", Integer.toString(14999 + RTP_OFFSET));
        env.put("CARRIER_SIP_PORT", Integer.toString(carrierSipPort));
        env.put("CARRIER_ARI_PORT", Integer.toString(carrierAriPort));
        env.put("CARRIER_RTP_START", Integer.toString(24000 + RTP_OFFSET));
        env.put("CARRIER_RTP_END", Integer.toString(24999 + RTP_OFFSET));
        env.put("CARRIER_TRUNK_USER", CARRIER_TRUNK_USER);
        env.put("CARRIER_TRUNK_PASSWORD", CARRIER_TRUNK_PASSWORD);
        env.put("ARIADNE_ASTERISK_TIMEOUT", "60");
        env.putAll(asteriskEnvOverrides);
        return env;
    }

    private void startOrchestrator() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        secretsKey = Base64.getEncoder().encodeToString(key);
        orchestrator = runOrchestrator(List.of());
        // The context of the moment: restartOrchestrator replaces it.
        closeables.add(() -> orchestrator.close());
        api = new Api("http://127.0.0.1:" + httpPort, ADMIN_TOKEN);
    }

    private ConfigurableApplicationContext runOrchestrator(List<String> moreArgs) {
        // Command-line arguments, not builder properties: those are defaults that application.yml overrides.
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + httpPort,
                "--ariadne.public-url=http://127.0.0.1:" + httpPort,
                "--ariadne.twilio.api-base-url=http://127.0.0.1:" + twilio.port(),
                "--ariadne.twilio.retry-backoff=50ms",
                "--spring.main.banner-mode=off",
                "--ariadne.admin-token=" + ADMIN_TOKEN,
                // The tests poll records in tight loops with one tenant's key, and benchmarks make hundreds of
                // numbers at once: far above a real client's pace. The limits themselves: RateLimitApiTests.
                "--ariadne.tiers.pro.requests-per-second=100000",
                "--ariadne.tiers.pro.request-burst=100000",
                "--ariadne.tiers.enterprise.requests-per-second=100000",
                "--ariadne.tiers.enterprise.request-burst=100000",
                "--ariadne.secrets.key=" + secretsKey,
                "--ariadne.embedded-postgres.port=" + pgPort,
                "--ariadne.ari.url=http://127.0.0.1:" + ariadneAriPort + "/",
                "--ariadne.ari.username=ariadne",
                "--ariadne.ari.password=ariadne",
                "--ariadne.ari.app=ariadne",
                "--ariadne.ari.reconnect-min-backoff=200ms",
                "--ariadne.ari.reconnect-max-backoff=2s",
                "--ariadne.ami.port=" + ariadneAmiPort,
                "--ariadne.ami.reconnect-min-backoff=200ms",
                "--ariadne.ami.reconnect-max-backoff=2s",
                "--ariadne.provisioning.health-interval=1s",
                // Asterisk spreads a contact's first OPTIONS at random over one qualify period: with the default
                // 60 s a trunk made at the stack's start may stay unqualified for most of a minute (a test waiting
                // 20 s for "reachable" failed once that way).
                "--ariadne.provisioning.qualify-frequency=5",
                // Webhook retries in seconds, not minutes (WebhookE2eTests: a receiver that was down gets its events).
                "--ariadne.webhooks.retry-base=1s",
                "--ariadne.webhooks.retry-max=3s",
                "--ariadne.webhooks.poll-interval=250ms",
                // A dead carrier's INVITE goes unanswered: fail over after 2 s (default 5 s) to keep tests short.
                "--ariadne.outbound.progress-timeout=2s",
                "--ariadne.media.bind-host=127.0.0.1",
                // Away from the media benchmark's 41000.. range, so both can run on one machine.
                "--ariadne.media.port-min=46000",
                "--ariadne.media.port-max=46999"));
        args.addAll(extraOrchestratorArgs);
        args.addAll(moreArgs);
        return new SpringApplicationBuilder(AriadneApplication.class).run(args.toArray(String[]::new));
    }

    /**
     * Closes the orchestrator's application context on the calling thread, as its JVM's shutdown hook does on
     * SIGTERM: the drain waits for the calls in progress (up to {@code ariadne.call.drain-timeout}). The embedded
     * PostgreSQL (one per JVM), the Asterisks and the agents stay up; {@link #restartOrchestrator} brings a new one.
     */
    void closeOrchestrator() {
        orchestrator.close();
    }

    /**
     * Starts a fresh orchestrator context in place of a closed one: same ports, database and secrets key, the
     * stack's arguments plus {@code moreArgs} (e.g. {@code --ariadne.call.drain-timeout=3s}); returns once it is
     * ready (its own Stasis app registered). {@code List.of()} restores the stack's orchestrator.
     */
    void restartOrchestrator(List<String> moreArgs) {
        if (orchestrator.isActive()) {
            orchestrator.close();
        }
        orchestrator = runOrchestrator(moreArgs);
        await("the new orchestrator ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.web().get().uri("/actuator/health/readiness").exchange().expectBody(String.class)
                        .returnResult().getStatus().value() == 200);
    }

    /** HTTP status of the orchestrator's readiness probe ({@code /actuator/health/readiness}). */
    int readiness() {
        return api.web().get().uri("/actuator/health/readiness").exchange().expectBody(String.class).returnResult()
                .getStatus().value();
    }

    /** The orchestrator's REST API. */
    public Api api() {
        return api;
    }

    /** The orchestrator's base URL (also its {@code ariadne.public-url}: where "Twilio" reaches it). */
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** WireMock playing Twilio's REST API ({@code ariadne.twilio.api-base-url}); tests add their own stubs. */
    public WireMockServer twilio() {
        return twilio;
    }

    /** The carrier simulator: places calls to Ariadne, plays, records, sends DTMF, watches registrations. */
    public Carrier carrier() {
        return carrier;
    }

    /** Sends back what it hears. */
    public ReferenceAgent echoAgent() {
        return echoAgent;
    }

    /** Sends a continuous {@link #AGENT_TONE_HZ} sine. */
    public ReferenceAgent toneAgent() {
        return toneAgent;
    }

    /** The tenant the carrier calls from (created through the API on first use, then shared). */
    public synchronized CarrierTenant carrierTenant() {
        // Made once: a second attempt would add another trunk allowing 127.0.0.1, and the carrier's calls
        // could then be identified as either.
        if (carrierTenantFailure != null) {
            throw new IllegalStateException("the carrier tenant could not be set up earlier", carrierTenantFailure);
        }
        if (carrierTenant == null) {
            try {
                carrierTenant = CarrierTenant.create(this);
            } catch (RuntimeException | AssertionError e) {
                carrierTenantFailure = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                throw e;
            }
        }
        return carrierTenant;
    }

    /** The carrier's SIP port: the trunk's {@code port}. */
    public int carrierSipPort() {
        return carrierSipPort;
    }

    public int ariadneSipPort() {
        return ariadneSipPort;
    }

    /** Ariadne's PJSIP TLS transport (transport-tls). */
    public int ariadneTlsPort() {
        return ariadneTlsPort;
    }

    /** The carrier's PJSIP TLS transport: a TLS trunk's {@code port}. */
    public int carrierTlsPort() {
        return carrierTlsPort;
    }

    /** Ariadne's and the carrier's RTP port ranges (asterisk.sh's *_RTP_START/END), for captures. */
    int[] ariadneRtpRange() {
        return new int[] {14000 + RTP_OFFSET, 14999 + RTP_OFFSET};
    }

    int[] carrierRtpRange() {
        return new int[] {24000 + RTP_OFFSET, 24999 + RTP_OFFSET};
    }

    /** The embedded PostgreSQL's port (its postmaster listens there). */
    int postgresPort() {
        return pgPort;
    }

    /** Ariadne's own Asterisk, for CLI checks. */
    AsteriskInstance ariadneAsterisk() {
        return ariadneAsterisk;
    }

    /** The carrier simulator's Asterisk (its pid, for CPU figures). */
    AsteriskInstance carrierAsterisk() {
        return carrierAsterisk;
    }

    /** ARI settings of Ariadne's Asterisk (as the orchestrator uses them). */
    public AriProperties ariadneAri() {
        return new AriProperties("http://127.0.0.1:" + ariadneAriPort + "/", "ariadne", "ariadne", "ariadne-e2e-probe");
    }

    /** Reverse order of start; every step runs even if an earlier one fails. */
    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                log.warn("e2e teardown step failed: {}", e.toString());
            }
        }
        closeables.clear();
    }

    static Path findProjectRoot() {
        String configured = System.getProperty("ariadne.e2e.project-root");
        List<Path> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            candidates.add(p);
        }
        for (Path p : candidates) {
            if (Files.isExecutable(p.resolve("asterisk-config/asterisk.sh"))) {
                return p.toAbsolutePath();
            }
        }
        throw new IllegalStateException("asterisk-config/asterisk.sh not found above " + Path.of("").toAbsolutePath());
    }

    private static int freeTcpPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free TCP port", e);
        }
    }

    /** A port free for both UDP and TCP on loopback (PJSIP binds both). */
    private static int freeSipPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(30000, 39000);
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IllegalStateException("no port free for UDP and TCP in 30000-38999");
    }
}
