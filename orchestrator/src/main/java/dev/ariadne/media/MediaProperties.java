package dev.ariadne.media;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Media relay settings, bound from {@code ariadne.media.*}.
 *
 * @param bindHost address the per-call UDP sockets bind to. Default {@code 127.0.0.1} (Asterisk on the same
 *     host); use the address Asterisk can reach, or {@code 0.0.0.0}, when it runs elsewhere.
 * @param advertisedHost host put into ARI's {@code external_host}, i.e. where Asterisk sends the caller's RTP.
 *     Default: {@code bindHost} (set it when binding {@code 0.0.0.0} or behind NAT).
 * @param portMin first UDP port of the range used for calls, inclusive. Default {@code 40000}.
 * @param portMax last UDP port of the range, inclusive. Default {@code 40999} (1000 concurrent calls).
 * @param playoutQueueFrames capacity of each call's agent-to-caller playout queue, in 20 ms frames. Default
 *     {@code 500} (10 seconds, 320 KB per call): agents commonly send synthesized speech faster than real time,
 *     and a whole sentence should fit. When the queue is full the oldest audio is dropped and counted in
 *     {@link MediaStats#dropped()}.
 */
@Validated
@ConfigurationProperties("ariadne.media")
public record MediaProperties(
        @DefaultValue("127.0.0.1") @NotBlank String bindHost,
        String advertisedHost,
        @DefaultValue("40000") @Min(1) @Max(65535) int portMin,
        @DefaultValue("40999") @Min(1) @Max(65535) int portMax,
        @DefaultValue("500") @Min(1) @Max(3000) int playoutQueueFrames) {

    public MediaProperties {
        if (bindHost == null || bindHost.isBlank()) {
            throw new IllegalArgumentException("ariadne.media.bind-host must not be blank");
        }
        if (advertisedHost == null || advertisedHost.isBlank()) {
            advertisedHost = bindHost;
        }
        if (portMin < 1 || portMax > 65535 || portMin > portMax) {
            throw new IllegalArgumentException(
                    "ariadne.media port range must satisfy 1 <= port-min <= port-max <= 65535, got "
                            + portMin + ".." + portMax);
        }
        if (playoutQueueFrames < 1) {
            throw new IllegalArgumentException(
                    "ariadne.media.playout-queue-frames must be positive, got " + playoutQueueFrames);
        }
    }

    /** Settings with every default. */
    public static MediaProperties defaults() {
        return new MediaProperties("127.0.0.1", null, 40000, 40999, 500);
    }
}
