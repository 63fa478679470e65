package dev.ariadne.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A SIP response as received: status line and headers (names case-insensitive, compact forms expanded). The body is
 * not kept: a probe needs none.
 */
public record SipResponse(int status, String reason, Map<String, List<String>> headers) {
    private static final Map<String, String> COMPACT = Map.of("v", "via", "i", "call-id", "f", "from", "t", "to",
            "m", "contact", "l", "content-length", "c", "content-type", "k", "supported");

    public SipResponse {
        TreeMap<String, List<String>> copy = new TreeMap<>();
        headers.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        headers = java.util.Collections.unmodifiableMap(copy);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public List<String> all(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    public boolean isFinal() {
        return status >= 200;
    }

    /** The branch parameter of the top Via, which ties the response to its client transaction. */
    public String branch() {
        String via = header("via");
        if (via == null) {
            return null;
        }
        for (String p : via.split(";")) {
            String t = p.strip();
            if (t.regionMatches(true, 0, "branch=", 0, 7)) {
                int comma = t.indexOf(',');
                return comma < 0 ? t.substring(7) : t.substring(7, comma);
            }
        }
        return null;
    }

    /**
     * Parses a response; fails with {@link IllegalArgumentException} when the text is not one (a request, or
     * garbage). Folded header lines (a line starting with white space) continue the previous header.
     */
    public static SipResponse parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String[] lines = head.split("\r?\n");
        if (lines.length == 0 || !lines[0].startsWith("SIP/2.0 ")) {
            throw new IllegalArgumentException("not a SIP response");
        }
        String[] status = lines[0].split(" ", 3);
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad status line");
        }
        if (code < 100 || code > 699) {
            throw new IllegalArgumentException("bad status code " + code);
        }
        Map<String, List<String>> headers = new TreeMap<>();
        String last = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                List<String> values = headers.get(last);
                values.set(values.size() - 1, values.get(values.size() - 1) + " " + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            name = COMPACT.getOrDefault(name, name);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
            last = name;
        }
        return new SipResponse(code, status.length > 2 ? status[2].strip() : "", headers);
    }
}
