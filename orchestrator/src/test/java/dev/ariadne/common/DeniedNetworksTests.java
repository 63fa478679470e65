package dev.ariadne.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeniedNetworksTests {
    private final DeniedNetworks defaults =
            DeniedNetworks.of(List.of("169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128", "100.100.100.200/32"));

    @Test
    void cloudMetadataAndLinkLocalAddressesAreDeniedInEveryNotation() throws Exception {
        assertThat(defaults.denying(InetAddress.getByName("169.254.169.254"))).contains("169.254.0.0/16");
        assertThat(defaults.denying(InetAddress.getByName("::ffff:169.254.169.254"))).contains("169.254.0.0/16");
        assertThat(defaults.denying(InetAddress.getByName("fe80::1%1"))).contains("fe80::/10");
        assertThat(defaults.denying(InetAddress.getByName("fd00:ec2::254"))).contains("fd00:ec2::254/128");
        assertThat(defaults.denying(InetAddress.getByName("100.100.100.200"))).contains("100.100.100.200/32");
    }

    @Test
    void loopbackAndPrivateRangesAreAllowedByDefault() throws Exception {
        for (String ip : new String[] {"127.0.0.1", "::1", "10.1.2.3", "192.168.1.10", "172.16.0.5", "203.0.113.7"}) {
            assertThat(defaults.denying(InetAddress.getByName(ip))).as(ip).isEmpty();
        }
    }

    @Test
    void aMalformedEntryIsNamed() {
        assertThatThrownBy(() -> DeniedNetworks.of(List.of("10.0.0.0/8", "metadata.internal")))
                .hasMessageContaining("'metadata.internal'");
    }
}
