package dev.ariadne.twilio;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Twilio's REST API.
 *
 * @param apiBaseUrl where Twilio's API is (default {@code https://api.twilio.com}; tests point it at WireMock)
 * @param requestTimeout one request to it (default 10s)
 * @param retries attempts beyond the first for a transient failure: HTTP 429, 5xx, or no answer (default 2)
 * @param retryBackoff the first wait before a retry, doubled each time (default 500ms)
 */
@ConfigurationProperties("ariadne.twilio")
public record TwilioProperties(
        @DefaultValue("https://api.twilio.com") String apiBaseUrl,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("2") int retries,
        @DefaultValue("500ms") Duration retryBackoff) {

    public TwilioProperties {
        apiBaseUrl = apiBaseUrl.replaceAll("/+$", "");
        if (retries < 0) {
            throw new IllegalArgumentException("ariadne.twilio.retries must not be negative");
        }
    }
}
