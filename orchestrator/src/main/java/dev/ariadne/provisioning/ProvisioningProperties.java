package dev.ariadne.provisioning;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How trunks become PJSIP objects.
 *
 * @param inboundContext dialplan context of trunk endpoints; it enters Stasis (default {@code ariadne-inbound})
 * @param transportPrefix PJSIP transports are named prefix + udp|tcp|tls (default {@code transport-})
 * @param qualifyFrequency seconds between OPTIONS pings to the carrier, 0 for none (default 60)
 * @param rtpTimeout seconds without RTP before Asterisk hangs up a call (default 30)
 * @param reconcileInterval how often pending changes are retried towards Asterisk (default 5s)
 * @param healthInterval how often each trunk's reachability is read from Asterisk (default 30s)
 * @param tlsTransport whether Asterisk has the TLS transport trunks with {@code transport: tls} need: {@code ask}
 *     (Asterisk over ARI; with ARI off, TLS trunks are refused), {@code present} or {@code absent} (default {@code ask})
 * @param tlsCheckCache how long Asterisk's answer about its TLS transport is reused (default 30s)
 */
@ConfigurationProperties("ariadne.provisioning")
public record ProvisioningProperties(
        @DefaultValue("ariadne-inbound") String inboundContext,
        @DefaultValue("transport-") String transportPrefix,
        @DefaultValue("60") int qualifyFrequency,
        @DefaultValue("30") int rtpTimeout,
        @DefaultValue("5s") Duration reconcileInterval,
        @DefaultValue("30s") Duration healthInterval,
        @DefaultValue("ask") String tlsTransport,
        @DefaultValue("30s") Duration tlsCheckCache) {
    public ProvisioningProperties {
        if (!java.util.List.of("ask", "present", "absent").contains(tlsTransport)) {
            throw new IllegalArgumentException(
                    "ariadne.provisioning.tls-transport must be ask, present or absent, not '" + tlsTransport + "'");
        }
    }
}
