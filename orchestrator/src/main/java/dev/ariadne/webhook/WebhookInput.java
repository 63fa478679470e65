package dev.ariadne.webhook;

import dev.ariadne.common.Violations;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;

/** A webhook as a client sent it, before validation; null fields are missing ({@code secret} null: keep or make one). */
public record WebhookInput(String url, List<String> events, String secret, Boolean enabled) {
    public static final WebhookInput EMPTY = new WebhookInput(null, null, null, null);
    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 256;

    /** The stored webhook as input for a PATCH: the secret stays as it is unless the patch names one. */
    public static WebhookInput of(Webhook w) {
        return new WebhookInput(w.url(), w.events(), null, w.enabled());
    }

    /** Validates, naming every bad field; {@code enabled} defaults to true, events are de-duplicated. */
    WebhookInput validated() {
        Violations v = new Violations();
        String u = url == null ? null : url.strip();
        if (u == null || u.isEmpty()) {
            v.add("url", "is required");
        } else {
            v.check(validHttpUrl(u), "url", "must be an absolute http:// or https:// URL with a host and no credentials");
        }
        if (events == null || events.isEmpty()) {
            v.add("events", "must name at least one event type (or \"*\" for all)");
        } else {
            for (int i = 0; i < events.size(); i++) {
                String e = events.get(i);
                v.check(e != null && (EventTypes.KNOWN.contains(e) || EventTypes.ALL.equals(e)), "events[" + i + "]",
                        "must be one of " + String.join(", ", EventTypes.KNOWN) + " or *");
            }
        }
        if (secret != null) {
            v.check(secret.length() >= MIN_SECRET && secret.length() <= MAX_SECRET, "secret",
                    "must be " + MIN_SECRET + " to " + MAX_SECRET + " characters");
            v.check(secret.chars().noneMatch(Character::isISOControl), "secret", "must not contain control characters");
        }
        v.throwIfAny();
        return new WebhookInput(u, List.copyOf(new LinkedHashSet<>(events)), secret, enabled == null || enabled);
    }

    private static boolean validHttpUrl(String s) {
        try {
            URI u = new URI(s);
            String scheme = u.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && u.getHost() != null
                    && u.getUserInfo() == null && u.getFragment() == null && s.length() <= 2048;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "WebhookInput[url=" + url + ", events=" + events + ", secret=" + (secret == null ? "none" : "***")
                + ", enabled=" + enabled + "]";
    }
}
