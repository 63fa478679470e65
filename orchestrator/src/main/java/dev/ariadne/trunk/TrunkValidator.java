package dev.ariadne.trunk;

import dev.ariadne.common.Violations;
import dev.ariadne.common.Addresses;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Checks a trunk input and completes it with defaults; every invalid field is reported at once. */
final class TrunkValidator {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");
    private static final Pattern SIP_USER = Pattern.compile("[A-Za-z0-9+._~!$&'()*,;=%-]{1,64}");

    private TrunkValidator() {}

    /**
     * @param defaultMaxCalls the tier's concurrent-call limit, used when the input names none
     */
    static TrunkSpec validate(TrunkInput in, int defaultMaxCalls) {
        Violations v = new Violations();
        String name = trim(in.name());
        if (name == null) {
            v.add("name", "is required");
        } else if (!NAME.matcher(name).matches()) {
            v.add("name", "must be 1 to 64 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit");
        }
        String direction = oneOf(v, "direction", in.direction(), TrunkOptions.DIRECTIONS, "both");
        String transport = oneOf(v, "transport", in.transport(), TrunkOptions.TRANSPORTS, "udp");
        String host = trim(in.host());
        if (host == null) {
            v.add("host", "is required");
        } else if (!Addresses.isHost(host)) {
            v.add("host", "must be a hostname or an IP address, without scheme or port");
        }
        int port = in.port() == null ? ("tls".equals(transport) ? 5061 : 5060) : in.port();
        v.check(port >= 1 && port <= 65535, "port", "must be between 1 and 65535");

        String username = trim(in.username());
        v.check(username == null || SIP_USER.matcher(username).matches(), "username",
                "must be 1 to 64 characters valid in a SIP user part (no spaces, '@' or ':')");
        String password = in.password();
        v.check(password == null || password.length() <= 128, "password", "must be at most 128 characters");
        v.check(password == null || password.chars().noneMatch(Character::isISOControl), "password",
                "must not contain control characters");
        boolean register = Boolean.TRUE.equals(in.register());
        if (register) {
            v.check(username != null, "username", "is required when register is true");
        }

        List<String> ips = in.allowedIps() == null ? List.of() : in.allowedIps();
        for (int i = 0; i < ips.size(); i++) {
            String ip = ips.get(i) == null ? "" : ips.get(i).strip();
            v.check(Addresses.isIpOrCidr(ip), "allowedIps[" + i + "]", "must be an IPv4 or IPv6 address or CIDR");
        }
        v.check(ips.size() <= 32, "allowedIps", "must list at most 32 entries");
        v.check(new HashSet<>(ips).size() == ips.size(), "allowedIps", "must not repeat an entry");
        if (!direction.equals("outbound") && ips.isEmpty() && !register) {
            v.add("allowedIps", "an inbound trunk needs allowedIps (the carrier's addresses) or register=true");
        }

        List<String> codecs = in.codecs() == null ? List.of("ulaw", "alaw") : in.codecs();
        v.check(!codecs.isEmpty(), "codecs", "must name at least one codec");
        for (int i = 0; i < codecs.size(); i++) {
            v.check(TrunkOptions.CODECS.contains(codecs.get(i)), "codecs[" + i + "]",
                    "must be one of " + String.join(", ", TrunkOptions.CODECS));
        }
        v.check(new HashSet<>(codecs).size() == codecs.size(), "codecs", "must not repeat a codec");

        String dtmf = oneOf(v, "dtmfMode", in.dtmfMode(), TrunkOptions.DTMF_MODES, "rfc4733");
        String enc = oneOf(v, "mediaEncryption", in.mediaEncryption(), TrunkOptions.MEDIA_ENCRYPTIONS, "none");
        v.check(!enc.equals("sdes") || transport.equals("tls"), "mediaEncryption",
                "sdes requires transport tls: its keys travel in the SDP");

        int maxCalls = in.maxConcurrentCalls() == null ? defaultMaxCalls : in.maxConcurrentCalls();
        v.check(maxCalls >= 1, "maxConcurrentCalls", "must be at least 1");
        int priority = in.priority() == null ? 100 : in.priority();
        v.check(priority >= 0 && priority <= 1000, "priority", "must be between 0 and 1000 (lower is tried first)");
        String fromUser = trim(in.fromUser());
        v.check(fromUser == null || SIP_USER.matcher(fromUser).matches(), "fromUser",
                "must be 1 to 64 characters valid in a SIP user part");
        String fromDomain = trim(in.fromDomain());
        v.check(fromDomain == null || Addresses.isHost(fromDomain), "fromDomain", "must be a hostname or IP address");
        java.math.BigDecimal cost = in.costPerMinute();
        v.check(cost == null || cost.signum() >= 0, "costPerMinute", "must be 0 or more (the price of a billed minute)");
        v.check(cost == null || cost.scale() <= 6 && cost.precision() - cost.scale() <= 6, "costPerMinute",
                "must have at most 6 digits before and 6 after the decimal point");
        v.throwIfAny();
        return new TrunkSpec(name, direction, host, port, transport, username, password, register,
                ips.stream().map(String::strip).toList(), codecs, dtmf, enc, maxCalls, priority, fromUser, fromDomain,
                in.failoverTrunkId(), in.enabled() == null || in.enabled(), cost);
    }

    private static String oneOf(Violations v, String field, String value, List<String> allowed, String dflt) {
        if (value == null) {
            return dflt;
        }
        if (!allowed.contains(value)) {
            v.add(field, "must be one of " + String.join(", ", allowed));
            return dflt;
        }
        return value;
    }

    private static String trim(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }
}
