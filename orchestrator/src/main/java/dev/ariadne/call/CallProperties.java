package dev.ariadne.call;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How calls are carried.
 *
 * @param node this orchestrator's name in call records, so that a restarted node finds the calls it left
 *     unfinished (default: the host name, env {@code ARIADNE_NODE})
 * @param unavailablePrompt what the caller hears when the agent cannot be reached (default
 *     {@code sound:ss-noservice})
 * @param promptTimeout longest wait for that prompt before hanging up (default 8s)
 * @param setupTimeout longest time from StasisStart to a bridged call with its agent (default 10s)
 * @param streamTimeout how long a Twilio call answered with a Media Stream (a Twilio-native number's, or an
 *     outbound call's last resort once answered) may go without that stream opening (default 30s)
 * @param drainTimeout on shutdown (SIGTERM), how long the calls in progress may go on while this node takes no new
 *     ones; those still up then are ended (default 10m, env {@code ARIADNE_CALL_DRAIN_TIMEOUT}; 0 ends them at
 *     once). The shutdown itself lasts up to this plus {@link CallDrain#TEARDOWN_ALLOWANCE}: a Kubernetes
 *     {@code terminationGracePeriodSeconds} must be longer.
 */
@ConfigurationProperties("ariadne.call")
public record CallProperties(
        String node,
        @DefaultValue("sound:ss-noservice") String unavailablePrompt,
        @DefaultValue("8s") Duration promptTimeout,
        @DefaultValue("10s") Duration setupTimeout,
        @DefaultValue("30s") Duration streamTimeout,
        @DefaultValue("10m") Duration drainTimeout) {

    public CallProperties {
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("ariadne.call.drain-timeout must not be negative: " + drainTimeout);
        }
        if (node == null || node.isBlank()) {
            String env = System.getenv("ARIADNE_NODE");
            node = env != null && !env.isBlank() ? env : hostName();
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "ariadne";
        }
    }
}
