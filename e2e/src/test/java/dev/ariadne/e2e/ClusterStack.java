package dev.ariadne.e2e;

import dev.ariadne.agent.reference.ReferenceAgent;
import dev.ariadne.agent.reference.ReferenceAgentConfig;
import dev.ariadne.ari.AriProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ariadne on several hosts (network namespaces of {@link ClusterNet}, each with its own address): the carrier's
 * Asterisk; the SIP edge (Kamailio with the chart's configuration); two nodes, each an Asterisk and its own
 * orchestrator process (ARI on the node's address); PostgreSQL and the agents on the host's bridge address. The
 * carrier sends every call to the edge, which spreads them over the nodes.
 */
final class ClusterStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterStack.class);
    static final String ADMIN_TOKEN = "cluster-admin";
    static final List<String> NODES = List.of("node1", "node2");
    private static final int HTTP_PORT = 8080;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Path projectRoot = E2eStack.findProjectRoot();
    private final Path logDir = projectRoot.resolve("e2e/target/e2e-logs");
    private final Map<String, AsteriskInstance> asterisks = new LinkedHashMap<>();
    private final Map<String, OrchestratorProcess> orchestrators = new LinkedHashMap<>();
    private final Map<String, List<String>> orchestratorArgs = new LinkedHashMap<>();
    private ClusterNet net;
    private EmbeddedPostgres pg;
    private AsteriskInstance carrierAsterisk;
    private Carrier carrier;
    private EdgeProcess edge;
    private ReferenceAgent echoAgent;

    static ClusterStack start() {
        ClusterStack s = new ClusterStack();
        try {
            s.startAll();
            return s;
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
    }

    private void startAll() {
        long t0 = System.nanoTime();
        net = ClusterNet.create(Map.of("carrier", 10, "edge", 20, "node1", 31, "node2", 32, "rogue", 40));
        closeables.add(net);
        startPostgres();

        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secretsKey = Base64.getEncoder().encodeToString(key);
        Path script = projectRoot.resolve("asterisk-config/asterisk.sh");
        for (String node : NODES) {
            AsteriskInstance a = new AsteriskInstance(script, instance(node), nodeAsteriskEnv(node), logDir);
            a.down();
            a.forgetState();
            asterisks.put(node, a);
            orchestratorArgs.put(node, orchestratorArgs(node, secretsKey));
        }
        // The first node migrates the schema (the asterisk role and schema included) before anyone else uses it.
        startOrchestrator("node1", Duration.ofSeconds(120), "/actuator/health/liveness");
        startOrchestrator("node2", Duration.ofSeconds(120), "/actuator/health/liveness");
        List<CompletableFuture<Void>> ups = new ArrayList<>();
        for (AsteriskInstance a : asterisks.values()) {
            closeables.add(a::down);
            ups.add(CompletableFuture.runAsync(a::up));
        }
        carrierAsterisk = new AsteriskInstance(script, "carrier-cl-" + E2eStack.STACK_ID, carrierEnv(), logDir);
        carrierAsterisk.down();
        carrierAsterisk.forgetState();
        closeables.add(carrierAsterisk::down);
        ups.add(CompletableFuture.runAsync(carrierAsterisk::up));
        ups.forEach(CompletableFuture::join);
        for (String node : NODES) {
            orchestrators.get(node).await("/actuator/health/readiness", Duration.ofSeconds(60));
        }
        carrier = new Carrier(new AriProperties("http://" + net.address("carrier") + ":8089/", "carrier", "carrier",
                "carrier", true, Duration.ofMillis(200), Duration.ofSeconds(2), 32, Duration.ofSeconds(10)), carrierAsterisk);
        closeables.add(carrier);
        edge = EdgeProcess.start(net, "edge", NODES.stream().map(n -> "sip:" + net.address(n) + ":5060").toList(),
                "postgres://asterisk:asterisk@" + net.hostAddress() + ":" + pg.getPort() + "/postgres", projectRoot);
        closeables.add(edge);
        ReferenceAgentConfig d = ReferenceAgentConfig.defaults();
        // On the bridge address, where the nodes reach the host.
        echoAgent = ReferenceAgent.start(new ReferenceAgentConfig(net.hostAddress(), 0, d.mode(), d.toneHz(), d.toneLevel(),
                null, List.of(), d.recordLimit(), null));
        closeables.add(echoAgent);
        log.info("cluster up in {} ms: edge {}, nodes {} and {}, PostgreSQL {}:{}", (System.nanoTime() - t0) / 1_000_000,
                net.address("edge"), net.address("node1"), net.address("node2"), net.hostAddress(), pg.getPort());
    }

    private void startPostgres() {
        try {
            Path data = projectRoot.resolve("e2e/target/cluster-pg-" + E2eStack.STACK_ID);
            deleteRecursively(data);
            pg = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1," + net.hostAddress())
                    .setDataDirectory(data)
                    .start();
            closeables.add(pg);
            // The nodes connect from their own addresses.
            Files.writeString(data.resolve("pg_hba.conf"), "\nhost all all " + net.subnet() + " trust\n",
                    StandardOpenOption.APPEND);
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("SELECT pg_reload_conf()");
            }
        } catch (IOException | java.sql.SQLException e) {
            throw new IllegalStateException("PostgreSQL for the cluster did not start: " + e.getMessage(), e);
        }
    }

    private List<String> orchestratorArgs(String node, String secretsKey) {
        String jdbc = "//" + net.hostAddress() + ":" + pg.getPort() + "/postgres";
        String address = net.address(node);
        List<String> args = new ArrayList<>(List.of(
                "--spring.r2dbc.url=r2dbc:postgresql:" + jdbc,
                "--spring.r2dbc.username=postgres",
                "--spring.r2dbc.password=postgres",
                "--spring.liquibase.url=jdbc:postgresql:" + jdbc,
                "--spring.liquibase.user=postgres",
                "--spring.liquibase.password=postgres",
                "--ariadne.admin-token=" + ADMIN_TOKEN,
                "--ariadne.secrets.key=" + secretsKey,
                "--ariadne.public-url=http://" + address + ":" + HTTP_PORT,
                "--ariadne.call.node=" + instance(node),
                "--ariadne.cluster.node-id=" + instance(node),
                "--ariadne.ari.url=http://" + address + ":8088/",
                "--ariadne.ami.host=" + address,
                "--ariadne.ami.reconnect-max-backoff=2s",
                "--ariadne.ari.username=ariadne",
                "--ariadne.ari.password=ariadne",
                "--ariadne.ari.app=ariadne",
                "--ariadne.ari.reconnect-min-backoff=200ms",
                "--ariadne.ari.reconnect-max-backoff=2s",
                "--ariadne.provisioning.health-interval=1s",
                "--ariadne.provisioning.qualify-frequency=5",
                "--ariadne.media.bind-host=127.0.0.1",
                "--ariadne.edge.addresses=" + net.address("edge"),
                "--ariadne.tiers.pro.requests-per-second=100000",
                "--ariadne.tiers.pro.request-burst=100000",
                "--ariadne.tiers.free.requests-per-second=100000",
                "--ariadne.tiers.free.request-burst=100000",
                "--ariadne.tiers.free.max-trunks=2"));
        if (node.equals("node2")) {
            // node2 logs JSON (Spring Boot's structured logging, Logstash's field names), as an SRE would run it.
            args.add("--logging.structured.format.console=logstash");
        }
        return args;
    }

    private void startOrchestrator(String node, Duration timeout, String awaitPath) {
        OrchestratorProcess o = new OrchestratorProcess(node + "-" + E2eStack.STACK_ID, net, node, HTTP_PORT, projectRoot,
                orchestratorArgs.get(node));
        orchestrators.put(node, o);
        closeables.add(o);
        o.start();
        o.await(awaitPath, timeout);
    }

    /** Starts a node's orchestrator again (after {@link OrchestratorProcess#terminate}) and waits until it is ready. */
    void restartOrchestrator(String node) {
        startOrchestrator(node, Duration.ofSeconds(120), "/actuator/health/readiness");
    }

    private Map<String, String> nodeAsteriskEnv(String node) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ARIADNE_NETNS", net.namespace(node));
        env.put("ARIADNE_SIP_BIND", net.address(node));
        env.put("ARIADNE_ARI_BIND", net.address(node));
        env.put("ARIADNE_AMI_BIND", net.address(node));
        env.put("ARIADNE_DB_HOST", net.hostAddress());
        env.put("ARIADNE_DB_PORT", Integer.toString(pg.getPort()));
        env.put("ARIADNE_DB_NAME", "postgres");
        env.put("ARIADNE_ASTERISK_TIMEOUT", "60");
        // Registrations through the view only the registrar lease holder's Asterisk sees.
        env.put("ARIADNE_CLUSTER", "yes");
        return env;
    }

    private Map<String, String> carrierEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ARIADNE_NETNS", net.namespace("carrier"));
        env.put("CARRIER_SIP_BIND", net.address("carrier"));
        env.put("CARRIER_ARI_BIND", net.address("carrier"));
        // The carrier sends its calls to the edge.
        env.put("ARIADNE_SIP_BIND", net.address("edge"));
        env.put("ARIADNE_SIP_PORT", "5060");
        // Ariadne's requests come from the edge (in-dialog) and from each node (registrations).
        env.put("CARRIER_ARIADNE_MATCH", String.join(",", net.address("edge"), net.address("node1"), net.address("node2")));
        env.put("CARRIER_TRUNK_USER", E2eStack.CARRIER_TRUNK_USER);
        env.put("CARRIER_TRUNK_PASSWORD", E2eStack.CARRIER_TRUNK_PASSWORD);
        env.put("ARIADNE_ASTERISK_TIMEOUT", "60");
        return env;
    }

    /**
     * The node's Asterisk instance name, which is also its orchestrator's node id (records, heartbeats, the registrar
     * lease, the Asterisk's application_name {@code asterisk-<node id>} that the registrations view goes by).
     */
    static String instance(String node) {
        return node + "-" + E2eStack.STACK_ID;
    }

    /** The node (host) of a node id. */
    static String nodeOf(String nodeId) {
        return nodeId == null ? null : nodeId.substring(0, nodeId.length() - E2eStack.STACK_ID.length() - 1);
    }

    ClusterNet net() {
        return net;
    }

    Carrier carrier() {
        return carrier;
    }

    EdgeProcess edge() {
        return edge;
    }

    AsteriskInstance asterisk(String node) {
        return asterisks.get(node);
    }

    OrchestratorProcess orchestrator(String node) {
        return orchestrators.get(node);
    }

    /** The REST API of one node's orchestrator (every node serves the whole API). */
    Api api(String node) {
        return new Api(orchestrators.get(node).baseUrl(), ADMIN_TOKEN);
    }

    /** An agent's URL as the nodes reach it (the host's bridge address). */
    String agentUrl(ReferenceAgent agent) {
        return "ws://" + net.hostAddress() + ":" + agent.port() + "/agent";
    }

    ReferenceAgent echoAgent() {
        return echoAgent;
    }

    /** One column of rows of a query on the shared database (what a node wrote, e.g. which node took a call). */
    List<String> query(String sql) {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                log.warn("cluster teardown step failed: {}", e.toString());
            }
        }
        closeables.clear();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
