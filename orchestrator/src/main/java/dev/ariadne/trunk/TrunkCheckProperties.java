package dev.ariadne.trunk;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The trunk check ({@code POST /api/v1/trunks/validate}, {@code POST /api/v1/trunks/{id}/health-check}).
 *
 * @param timeout how long each SIP request waits for its final response, retransmitting over UDP (default 4s)
 * @param connectTimeout TCP and TLS connect timeout (default 3s)
 * @param tlsCa PEM file of the CAs a TLS carrier's certificate is checked against; empty: the JVM's trust store.
 *     Set it to the bundle Asterisk verifies carriers with ({@code ARIADNE_TLS_CA}) so both agree (default empty)
 * <p>The networks a check may not reach are {@code ariadne.agent.denied-networks}, as for agents and webhooks.
 */
@ConfigurationProperties("ariadne.trunk-check")
public record TrunkCheckProperties(
        @DefaultValue("4s") Duration timeout,
        @DefaultValue("3s") Duration connectTimeout,
        @DefaultValue("") String tlsCa) {}
