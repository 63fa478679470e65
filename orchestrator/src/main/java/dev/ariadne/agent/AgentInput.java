package dev.ariadne.agent;

import dev.ariadne.common.Violations;
import java.net.URI;
import java.util.Map;

/** An agent as a client sent it, before validation; null fields are missing. */
public record AgentInput(String name, String url, String protocol, String token, Map<String, Object> parameters) {
    public static final AgentInput EMPTY = new AgentInput(null, null, null, null, null);

    public static AgentInput of(Agent a) {
        return new AgentInput(a.name(), a.url(), a.protocol(), null, a.parameters());
    }

    /** Validates and completes with defaults (protocol ariadne.v1, no parameters). */
    AgentInput validated() {
        Violations v = new Violations();
        String n = name == null ? null : name.strip();
        v.check(n != null && !n.isEmpty(), "name", "is required");
        v.check(n == null || n.length() <= 100, "name", "must be at most 100 characters");
        if (url == null || url.isBlank()) {
            v.add("url", "is required");
        } else {
            v.check(validWebSocketUrl(url.strip()), "url", "must be an absolute ws:// or wss:// URL with a host");
        }
        String p = protocol == null ? "ariadne.v1" : protocol;
        v.check(Agent.PROTOCOLS.contains(p), "protocol", "must be one of ariadne.v1, twilio");
        v.check(token == null || token.length() <= 4096, "token", "must be at most 4096 characters");
        v.check(token == null || token.chars().noneMatch(Character::isISOControl), "token",
                "must not contain control characters");
        v.throwIfAny();
        return new AgentInput(n, url.strip(), p, token, parameters == null ? Map.of() : parameters);
    }

    private static boolean validWebSocketUrl(String s) {
        try {
            URI u = new URI(s);
            String scheme = u.getScheme();
            return ("ws".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme)) && u.getHost() != null
                    && u.getUserInfo() == null && s.length() <= 2048;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "AgentInput[name=" + name + ", url=" + url + ", protocol=" + protocol + "]";
    }
}
