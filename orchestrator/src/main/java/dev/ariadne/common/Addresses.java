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
}
