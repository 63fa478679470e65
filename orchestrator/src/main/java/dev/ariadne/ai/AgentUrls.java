package dev.ariadne.ai;

import java.net.URI;

/** Agent URLs as they may appear in logs and breaker names: without user info and query (may hold secrets). */
final class AgentUrls {

    private AgentUrls() {}

    static String redacted(URI url) {
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return url.getScheme() + "://" + url.getHost() + port + path;
    }
}
