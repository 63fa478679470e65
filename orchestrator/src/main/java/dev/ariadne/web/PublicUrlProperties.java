package dev.ariadne.web;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the outside world reaches Ariadne.
 *
 * @param publicUrl the https base URL at which Twilio reaches Ariadne's webhooks ({@code /twilio/voice},
 *     {@code /twilio/status}) and, as wss, its Media Streams socket ({@code /twilio/media}); none by default,
 *     and Twilio features that need it say so. Signatures of Twilio's webhooks are checked against URLs built
 *     from it, so it must be exactly the base Twilio is given (scheme, host, port, path prefix).
 */
@ConfigurationProperties("ariadne")
public record PublicUrlProperties(String publicUrl) {

    public PublicUrlProperties {
        if (publicUrl != null && !publicUrl.isBlank()) {
            URI u = URI.create(publicUrl);
            if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("ariadne.public-url must be an http(s) URL, e.g. https://ariadne.example.com");
            }
            publicUrl = publicUrl.replaceAll("/+$", "");
        } else {
            publicUrl = null;
        }
    }

    /** The public URL of {@code path} (which starts with /), or null when no public URL is set. */
    public String http(String path) {
        return publicUrl == null ? null : publicUrl + path;
    }

    /** The WebSocket URL of {@code path}: wss for an https base, ws for http. */
    public String websocket(String path) {
        return publicUrl == null ? null : publicUrl.replaceFirst("^http", "ws") + path;
    }
}
