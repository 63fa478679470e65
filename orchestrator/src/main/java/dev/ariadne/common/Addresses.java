package dev.ariadne.common;

import java.util.regex.Pattern;

/** Syntax checks for hosts, IP addresses and CIDR blocks; no name resolution. */
public final class Addresses {
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private Addresses() {}

    public static boolean isIpv4(String s) {
        return s != null && IPV4.matcher(s).matches();
    }

    public static boolean isIpv6(String s) {
        if (s == null || !s.contains(":") || !IPV6.matcher(s).matches()) {
            return false;
        }
        try {
            // A literal with only hex digits, colons and dots never triggers a DNS lookup.
            return java.net.InetAddress.getByName(s) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    public static boolean isIp(String s) {
        return isIpv4(s) || isIpv6(s);
    }

    public static boolean isHost(String s) {
        if (s == null) {
            return false;
        }
        if (isIp(s)) {
            return true;
        }
        // All-numeric dotted names that are not valid IPv4 (e.g. 999.1.1.1) are rejected as typos.
        return HOSTNAME.matcher(s).matches() && !s.matches("[\\d.]+");
    }

    public static boolean isIpOrCidr(String s) {
        if (s == null) {
            return false;
        }
        int slash = s.indexOf('/');
        if (slash < 0) {
            return isIp(s);
        }
        String addr = s.substring(0, slash);
        String bits = s.substring(slash + 1);
        if (!bits.matches("\\d{1,3}")) {
            return false;
        }
        int n = Integer.parseInt(bits);
        return (isIpv4(addr) && n <= 32) || (isIpv6(addr) && n <= 128);
    }

    /**
     * Whether an IP address lies in an IP or CIDR entry (an allowedIps entry); false for anything malformed and
     * across address families. Only literals are parsed, never names, so this never resolves anything.
     */
    public static boolean contains(String ipOrCidr, String address) {
        if (!isIpOrCidr(ipOrCidr) || !isIp(address)) {
            return false;
        }
        int slash = ipOrCidr.indexOf('/');
        byte[] net = literal(slash < 0 ? ipOrCidr : ipOrCidr.substring(0, slash));
        byte[] addr = literal(address);
        if (net.length != addr.length) {
            return false;
        }
        int bits = slash < 0 ? net.length * 8 : Integer.parseInt(ipOrCidr.substring(slash + 1));
        for (int i = 0; i < net.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((net[i] & mask) != (addr[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The host of a SIP transport address as Asterisk prints it ({@code 192.0.2.1:5060}, {@code [2001:db8::1]:5060},
     * or a bare address); null when it holds no IP address.
     */
    public static String hostOf(String hostPort) {
        if (hostPort == null || hostPort.isBlank()) {
            return null;
        }
        String s = hostPort.strip();
        String host;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            host = end < 0 ? null : s.substring(1, end);
        } else if (s.indexOf(':') == s.lastIndexOf(':')) {
            int colon = s.indexOf(':');
            host = colon < 0 ? s : s.substring(0, colon); // IPv4 with or without a port
        } else {
            host = s; // a bare IPv6 address
        }
        return isIp(host) ? host : null;
    }

    private static byte[] literal(String ip) {
        try {
            // Validated literals only (isIp): no lookup happens.
            return java.net.InetAddress.getByName(ip).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + ip, e);
        }
    }
}
