package dev.ariadne.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EdgePropertiesTests {
    private final EdgeProperties edge = new EdgeProperties(List.of("10.98.0.20", "fd00:e::/64"));

    @Test
    void aCallFromTheEdgeComesFromTheAddressTheEdgeForwarded() {
        assertThat(edge.callSource("10.98.0.20:5060", "203.0.113.7:5060")).isEqualTo("203.0.113.7:5060");
        assertThat(edge.callSource("[fd00:e::1]:5060", "203.0.113.7:5060")).isEqualTo("203.0.113.7:5060");
    }

    @Test
    void theForwardedHeaderIsIgnoredFromAnyoneButTheEdge() {
        assertThat(edge.callSource("198.51.100.9:5060", "203.0.113.7:5060")).isEqualTo("198.51.100.9:5060");
        assertThat(EdgeProperties.none().callSource("10.98.0.20:5060", "203.0.113.7:5060")).isEqualTo("10.98.0.20:5060");
    }

    @Test
    void aCallFromTheEdgeWithoutTheHeaderKeepsTheEdgesAddress() {
        assertThat(edge.callSource("10.98.0.20:5060", null)).isEqualTo("10.98.0.20:5060");
        assertThat(edge.callSource("10.98.0.20:5060", " ")).isEqualTo("10.98.0.20:5060");
    }

    @Test
    void anAddressThatIsNotAnIpOrCidrIsRefusedAtStartupNamingTheEntry() {
        assertThatThrownBy(() -> new EdgeProperties(List.of("10.0.0.1", "edge.example")))
                .hasMessageContaining("ariadne.edge.addresses[1]").hasMessageContaining("edge.example");
    }
}
