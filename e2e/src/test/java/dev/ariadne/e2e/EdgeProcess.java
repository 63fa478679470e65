package dev.ariadne.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The SIP edge: Debian's Kamailio 5.6 with the chart's configuration ({@code charts/ariadne/files/kamailio/kamailio.cfg},
 * the same file the Helm chart mounts), on its own host of {@link ClusterNet}, dispatching to the given nodes.
 */
final class EdgeProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final String ctl;

    private EdgeProcess(Process process, Path log, String ctl) {
        this.process = process;
        this.log = log;
        this.ctl = ctl;
    }

    /** @param dbUrl Ariadne's database as Asterisk's role (the carriers' addresses), or null for no address check */
    static EdgeProcess start(ClusterNet net, String host, List<String> nodeUris, String dbUrl, Path projectRoot) {
        Path dir = projectRoot.resolve("e2e/target/edge-" + net.namespace(host));
        Path log = projectRoot.resolve("e2e/target/e2e-logs/kamailio-" + net.namespace(host) + ".log");
        try {
            Files.createDirectories(dir);
            Files.createDirectories(log.getParent());
            StringBuilder list = new StringBuilder("# setid destination flags priority\n");
            nodeUris.forEach(u -> list.append("1 ").append(u).append(" 0 0\n"));
            Files.writeString(dir.resolve("dispatcher.list"), list);
            Path cfg = projectRoot.resolve("charts/ariadne/files/kamailio/kamailio.cfg");
            // -DD: stay in the foreground (with its worker processes), -E: log to stderr; run dir of its own.
            ProcessBuilder pb = new ProcessBuilder(net.on(host, List.of("kamailio", "-DD", "-E", "-f", cfg.toString(),
                    "-Y", dir.toString(), "-P", dir.resolve("kamailio.pid").toString())))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = pb.environment();
            env.put("EDGE_LISTEN", "udp:" + net.address(host) + ":5060");
            env.put("DISPATCHER_LIST", dir.resolve("dispatcher.list").toString());
            env.put("EDGE_CHILDREN", "2");
            String ctl = "unix:" + dir.resolve("kamailio_ctl");
            env.put("EDGE_CTL", ctl);
            if (dbUrl != null) {
                env.put("EDGE_DB_URL", dbUrl);
            }
            EdgeProcess edge = new EdgeProcess(pb.start(), log, ctl);
            Thread.sleep(500);
            if (!edge.process.isAlive()) {
                throw new IllegalStateException("kamailio exited (" + edge.process.exitValue() + "):\n" + edge.tail());
            }
            return edge;
        } catch (IOException e) {
            throw new IllegalStateException("kamailio did not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A kamcmd RPC on the edge's control socket (a unix socket: reachable from outside its namespace); its output. */
    String rpc(String... command) {
        List<String> cmd = new java.util.ArrayList<>(List.of("kamcmd", "-s", ctl));
        cmd.addAll(List.of(command));
        return ClusterNet.run(true, cmd.toArray(String[]::new));
    }

    String tail() {
        return AsteriskInstance.tailOf(log, 40);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
