package dev.ariadne.ai;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * What is needed to open one call's agent session.
 *
 * @param callId Ariadne call id, sent as {@code X-Ariadne-Call-Id} and in {@code start}
 * @param tenantId owning tenant
 * @param url the agent's {@code ws://} or {@code wss://} URL
 * @param protocol {@link #ARIADNE_V1} or {@link #TWILIO}
 * @param token agent bearer token, or null; never logged
 * @param traceparent W3C trace context of the call, or null
 * @param start call metadata for the {@code start} message: direction, from, to, trunk, agent and
 *     {@code customParameters} (a map)
 */
public record AgentSessionSpec(
        String callId,
        String tenantId,
        URI url,
        String protocol,
        String token,
        String traceparent,
        Map<String, Object> start) {

    public static final String ARIADNE_V1 = "ariadne.v1";
    public static final String TWILIO = "twilio";

    public AgentSessionSpec {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(protocol, "protocol");
        if (!ARIADNE_V1.equals(protocol) && !TWILIO.equals(protocol)) {
            throw new IllegalArgumentException("unknown agent protocol: " + protocol);
        }
        start = start == null ? Map.of() : Map.copyOf(start);
    }

    @Override
    public String toString() {
        return "AgentSessionSpec[callId=" + callId + ", tenantId=" + tenantId + ", url=" + AgentUrls.redacted(url)
                + ", protocol=" + protocol + ", token=" + (token == null ? "none" : "***") + ", traceparent="
                + traceparent + ", start=" + start + "]";
    }
}
