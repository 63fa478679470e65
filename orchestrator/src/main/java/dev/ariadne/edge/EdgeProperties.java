package dev.ariadne.edge;

import dev.ariadne.common.Addresses;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SIP edge (Kamailio) in front of several Asterisk nodes, if there is one.
 *
 * @param addresses the edge's addresses as Asterisk sees them (IPs or CIDRs; default none: no edge, carriers reach
 *     Asterisk directly). Calls from these addresses come from the edge: their carrier's address is the edge's
 *     {@code X-Ariadne-Source} header, and the trunks' inbound endpoints let them in. Every orchestrator of a cluster
 *     must have the same list; a change rewrites every trunk's PJSIP rows at the next start.
 */
@ConfigurationProperties("ariadne.edge")
public record EdgeProperties(@DefaultValue("") List<String> addresses) {
    public EdgeProperties {
        addresses = addresses == null ? List.of() : addresses.stream().filter(a -> !a.isBlank()).map(String::strip).toList();
        for (int i = 0; i < addresses.size(); i++) {
            if (!Addresses.isIpOrCidr(addresses.get(i))) {
                throw new IllegalArgumentException("ariadne.edge.addresses[" + i + "] must be an IP address or CIDR, not '"
                        + addresses.get(i) + "'");
            }
        }
    }

    /** No edge configured. */
    public static EdgeProperties none() {
        return new EdgeProperties(List.of());
    }

    /** Whether {@code ip} (an address, not host:port) is one of the edge's. */
    public boolean isEdge(String ip) {
        return ip != null && addresses.stream().anyMatch(a -> Addresses.contains(a, ip));
    }

    /**
     * The address a call really came from: the edge's {@code X-Ariadne-Source} when the signalling source is the edge
     * (the edge drops that header from everything it receives and sets it itself), else the signalling source.
     *
     * @param signallingSource {@code host:port} the INVITE came from
     * @param forwarded the {@code X-Ariadne-Source} header's value, or null
     */
    public String callSource(String signallingSource, String forwarded) {
        if (forwarded != null && !forwarded.isBlank() && isEdge(Addresses.hostOf(signallingSource))) {
            return forwarded.strip();
        }
        return signallingSource;
    }
}
