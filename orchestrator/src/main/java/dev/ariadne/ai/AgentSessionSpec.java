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
 * @param startOnOpen send {@code start} right after the handshake (inbound calls); false: the session opens
 *     and waits for {@link AgentSession#sendStart} (an outbound call, whose agent is connected before the
 *     callee is rung and learns the trunk that carried the call when the callee answers)
 * @param signingSecret the agent's signing secret, or null: signs the handshake ({@code X-Ariadne-Signature});
 *     never logged
 */
public record AgentSessionSpec(
        String callId,
        String tenantId,
        URI url,
        String protocol,
        String token,
        String traceparent,
        Map<String, Object> start,
        boolean startOnOpen,
        String signingSecret) {

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

    /** An unsigned handshake. */
    public AgentSessionSpec(String callId, String tenantId, URI url, String protocol, String token, String traceparent,
            Map<String, Object> start, boolean startOnOpen) {
        this(callId, tenantId, url, protocol, token, traceparent, start, startOnOpen, null);
    }

    /** A session that sends {@code start} as soon as it is open. */
    public AgentSessionSpec(String callId, String tenantId, URI url, String protocol, String token, String traceparent,
            Map<String, Object> start) {
        this(callId, tenantId, url, protocol, token, traceparent, start, true, null);
    }

    @Override
    public String toString() {
        return "AgentSessionSpec[callId=" + callId + ", tenantId=" + tenantId + ", url=" + AgentUrls.redacted(url)
                + ", protocol=" + protocol + ", token=" + (token == null ? "none" : "***") + ", traceparent="
                + traceparent + ", start=" + start + ", startOnOpen=" + startOnOpen + ", signed=" + (signingSecret != null)
                + "]";
    }
}
