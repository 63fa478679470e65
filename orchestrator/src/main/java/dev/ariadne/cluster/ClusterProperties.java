package dev.ariadne.cluster;

import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * This orchestrator as one node of several sharing a database (one node = one Asterisk and its orchestrator).
 *
 * @param nodeId this node's name (default: env {@code ARIADNE_NODE}, else the host name, as {@code ariadne.call.node});
 *     its Asterisk connects to PostgreSQL with {@code application_name = asterisk-<node id>} (res_pgsql.conf
 *     {@code dbappname = asterisk-${INSTANCE}}), so the node id is the Asterisk instance name: letters, digits,
 *     {@code . _ -}, at most 54 characters (application_name keeps 63)
 * @param heartbeatInterval how often the node writes its heartbeat, renews the registrar lease and deletes the call
 *     slots of dead nodes (default 2s)
 * @param nodeTimeout a node whose heartbeat is older is dead: its call slots stop counting, and the registrar lease
 *     lasts this long (default 10s)
 */
@ConfigurationProperties("ariadne.cluster")
public record ClusterProperties(
        String nodeId,
        @DefaultValue("2s") Duration heartbeatInterval,
        @DefaultValue("10s") Duration nodeTimeout) {
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,54}");

    public ClusterProperties {
        if (nodeId == null || nodeId.isBlank()) {
            String env = System.getenv("ARIADNE_NODE");
            nodeId = env != null && !env.isBlank() ? env : hostName();
        }
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("ariadne.cluster.node-id '" + nodeId
                    + "' must be 1 to 54 letters, digits, '.', '_' or '-' (it is the Asterisk instance name)");
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero() || nodeTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("ariadne.cluster.node-timeout (" + nodeTimeout
                    + ") must be longer than ariadne.cluster.heartbeat-interval (" + heartbeatInterval + ")");
        }
    }

    /** The node timeout in seconds, as the SQL that decides liveness takes it. */
    double timeoutSeconds() {
        return nodeTimeout.toMillis() / 1000.0;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "ariadne";
        }
    }
}
