package dev.ariadne.ari;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Connection to Asterisk's REST Interface (ARI).
 *
 * @param url base URL of Asterisk's HTTP server (http.conf), without {@code /ari}; default
 *     {@code http://127.0.0.1:8088/}
 * @param username ARI user (ari.conf); default {@code ariadne}
 * @param password ARI password (ari.conf); default {@code ariadne}; never logged
 * @param app Stasis application the dialplan hands calls to; default {@code ariadne}
 * @param enabled whether the orchestrator connects to ARI at all; default {@code true}
 * @param reconnectMinBackoff first wait before reconnecting the events WebSocket; default 1s
 * @param reconnectMaxBackoff longest wait between reconnect attempts (doubling from the minimum);
 *     default 30s
 * @param commandConnections keep-alive HTTP connections for ARI commands (each call's setup and teardown is
 *     about ten commands); keep it below Asterisk's {@code sessionlimit} in http.conf (100); default 32
 * @param commandTimeout how long a command may wait for a connection and Asterisk's answer; default 10s
 */
@Validated
@ConfigurationProperties("ariadne.ari")
public record AriProperties(
        @NotBlank @DefaultValue("http://127.0.0.1:8088/") String url,
        @NotBlank @DefaultValue("ariadne") String username,
        @NotNull @DefaultValue("ariadne") String password,
        @NotBlank @DefaultValue("ariadne") String app,
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("1s") Duration reconnectMinBackoff,
        @NotNull @DefaultValue("30s") Duration reconnectMaxBackoff,
        @Min(1) @DefaultValue("32") int commandConnections,
        @NotNull @DefaultValue("10s") Duration commandTimeout) {

    /** Binding goes through the canonical constructor, not the convenience one below. */
    @ConstructorBinding
    public AriProperties {}

    /** Same settings with the default backoff, for code and tests that build the client directly. */
    public AriProperties(String url, String username, String password, String app) {
        this(url, username, password, app, true, Duration.ofSeconds(1), Duration.ofSeconds(30), 32,
                Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return "AriProperties[url=" + url + ", username=" + username + ", password=****, app=" + app
                + ", enabled=" + enabled + ", reconnectMinBackoff=" + reconnectMinBackoff
                + ", reconnectMaxBackoff=" + reconnectMaxBackoff + ", commandConnections=" + commandConnections
                + ", commandTimeout=" + commandTimeout + "]";
    }
}
