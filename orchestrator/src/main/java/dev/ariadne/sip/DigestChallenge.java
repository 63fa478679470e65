package dev.ariadne.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A digest challenge (RFC 3261 section 22.4 with RFC 2617 qop, and RFC 8760's SHA-256) from a
 * {@code WWW-Authenticate} or {@code Proxy-Authenticate} header, and the credentials that answer it.
 */
public record DigestChallenge(String realm, String nonce, String opaque, String algorithm, boolean qopAuth) {

    /** Parses a {@code Digest ...} challenge; fails with {@link IllegalArgumentException} for any other scheme. */
    public static DigestChallenge parse(String header) {
        String h = header.strip();
        if (!h.regionMatches(true, 0, "Digest ", 0, 7)) {
            throw new IllegalArgumentException("not a Digest challenge: " + h.split(" ", 2)[0]);
        }
        Map<String, String> p = params(h.substring(7));
        if (p.get("nonce") == null) {
            throw new IllegalArgumentException("Digest challenge without a nonce");
        }
        String qop = p.get("qop");
        boolean auth = false;
        if (qop != null) {
            for (String q : qop.split(",")) {
                auth |= q.strip().equalsIgnoreCase("auth");
            }
        }
        return new DigestChallenge(p.getOrDefault("realm", ""), p.get("nonce"), p.get("opaque"),
                p.getOrDefault("algorithm", "MD5").toUpperCase(Locale.ROOT), auth);
    }

    public boolean supported() {
        return algorithm.equals("MD5") || algorithm.equals("SHA-256");
    }

    /** The {@code Authorization} (or {@code Proxy-Authorization}) value for a request with these credentials. */
    public String answer(String method, String uri, String user, String password, String cnonce, int nc) {
        String ha1 = hash(user + ":" + realm + ":" + password);
        String ha2 = hash(method + ":" + uri);
        String ncHex = String.format("%08x", nc);
        String response = qopAuth
                ? hash(ha1 + ":" + nonce + ":" + ncHex + ":" + cnonce + ":auth:" + ha2)
                : hash(ha1 + ":" + nonce + ":" + ha2);
        StringBuilder b = new StringBuilder("Digest username=\"").append(user).append("\", realm=\"").append(realm)
                .append("\", nonce=\"").append(nonce).append("\", uri=\"").append(uri)
                .append("\", response=\"").append(response).append("\", algorithm=").append(algorithm);
        if (opaque != null) {
            b.append(", opaque=\"").append(opaque).append('"');
        }
        if (qopAuth) {
            b.append(", qop=auth, nc=").append(ncHex).append(", cnonce=\"").append(cnonce).append('"');
        }
        return b.toString();
    }

    private String hash(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm.equals("SHA-256") ? "SHA-256" : "MD5");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code a=b, c="d, e"} into a map with lower-case keys; quoted values may hold commas. */
    static Map<String, String> params(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) {
                i++;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = s.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            String value;
            if (i < n && s.charAt(i) == '"') {
                int close = s.indexOf('"', i + 1);
                close = close < 0 ? n : close;
                value = s.substring(i + 1, close);
                i = close + 1;
            } else {
                int comma = s.indexOf(',', i);
                comma = comma < 0 ? n : comma;
                value = s.substring(i, comma).strip();
                i = comma;
            }
            out.put(key, value);
        }
        return out;
    }
}
