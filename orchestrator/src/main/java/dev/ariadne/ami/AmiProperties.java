package dev.ariadne.ami;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Asterisk's manager interface (AMI), which the orchestrator reads outbound registration state and qualify round
 * trips from: ARI has neither.
 *
 * @param enabled whether the orchestrator connects to AMI; without it trunks show no registration state and no
 *     round trip (default {@code true})
 * @param host AMI host (manager.conf {@code bindaddr}; default {@code 127.0.0.1})
 * @param port AMI TCP port (default 5038)
 * @param username AMI user (manager.conf); needs read and write {@code system,reporting} (default {@code ariadne})
 * @param password its secret; never logged (default {@code ariadne})
 * @param actionTimeout how long an action waits for its complete answer (default 5s)
 * @param reconnectMinBackoff first wait before reconnecting (default 1s), doubling up to {@code reconnectMaxBackoff}
 *     (default 30s)
 */
@ConfigurationProperties("ariadne.ami")
public record AmiProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("5038") int port,
        @DefaultValue("ariadne") String username,
        @DefaultValue("ariadne") String password,
        @DefaultValue("5s") Duration actionTimeout,
        @DefaultValue("1s") Duration reconnectMinBackoff,
        @DefaultValue("30s") Duration reconnectMaxBackoff) {

    @Override
    public String toString() {
        return "AmiProperties[" + host + ":" + port + ", user=" + username + ", enabled=" + enabled + "]";
    }
}
