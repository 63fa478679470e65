package dev.ariadne.trunk;

import dev.ariadne.common.DeniedNetworks;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The trunk check ({@code POST /api/v1/trunks/validate}, {@code POST /api/v1/trunks/{id}/health-check}).
 *
 * @param timeout how long each SIP request waits for its final response, retransmitting over UDP (default 4s)
 * @param connectTimeout TCP and TLS connect timeout (default 3s)
 * @param tlsCa PEM file of the CAs a TLS carrier's certificate is checked against; empty: the JVM's trust store.
 *     Set it to the bundle Asterisk verifies carriers with ({@code ARIADNE_TLS_CA}) so both agree (default empty)
 * @param deniedNetworks addresses a tenant's trunk host may not make the check reach, as for agents (default the
 *     link-local and cloud metadata ranges, see {@code ariadne.agent.denied-networks})
 */
@ConfigurationProperties("ariadne.trunk-check")
public record TrunkCheckProperties(
        @DefaultValue("4s") Duration timeout,
        @DefaultValue("3s") Duration connectTimeout,
        @DefaultValue("") String tlsCa,
        @DefaultValue({"169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128", "100.100.100.200/32"})
                List<String> deniedNetworks) {
    public TrunkCheckProperties {
        DeniedNetworks.of(deniedNetworks);
        deniedNetworks = List.copyOf(deniedNetworks);
    }
}
