package dev.ariadne.common;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Networks an outbound connection made on a tenant's behalf (an agent's WebSocket) must not reach, e.g. the
 * link-local range that holds cloud metadata services. Checked against resolved addresses, never names.
 */
public final class DeniedNetworks {
    private final List<String> entries;

    private DeniedNetworks(List<String> entries) {
        this.entries = entries;
    }

    /** Fails naming the first entry that is not an IP address or CIDR block. */
    public static DeniedNetworks of(List<String> entries) {
        Objects.requireNonNull(entries, "entries");
        for (String e : entries) {
            if (!Addresses.isIpOrCidr(e == null ? null : e.strip())) {
                throw new IllegalArgumentException("not an IP address or CIDR block: '" + e + "'");
            }
        }
        return new DeniedNetworks(entries.stream().map(String::strip).toList());
    }

    public List<String> entries() {
        return entries;
    }

    /** The entry that denies this address, if any; an IPv4-mapped IPv6 address is checked as its IPv4 form. */
    public Optional<String> denying(InetAddress address) {
        String ip = literal(address);
        for (String e : entries) {
            if (Addresses.contains(e, ip)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static String literal(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && isIpv4Mapped(b)) {
            return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        String s = address.getHostAddress();
        int scope = s.indexOf('%');
        return scope < 0 ? s : s.substring(0, scope);
    }

    private static boolean isIpv4Mapped(byte[] b) {
        if (b.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }
}
