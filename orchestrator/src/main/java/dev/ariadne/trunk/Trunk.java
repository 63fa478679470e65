package dev.ariadne.trunk;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's SIP trunk as stored. The password is not part of it: only whether one is set.
 *
 * @param endpointId the PJSIP endpoint id in Asterisk's schema, fixed when the trunk is created
 * @param costPerMinute the price of a billed minute; null: no price (calls get no cost)
 * @param registration what Asterisk reports of the trunk's outbound registration; null when it does not register or
 *     nothing is known yet
 */
public record Trunk(
        UUID id,
        UUID tenantId,
        String name,
        String direction,
        String host,
        int port,
        String transport,
        String username,
        boolean hasPassword,
        boolean register,
        List<String> allowedIps,
        List<String> codecs,
        String dtmfMode,
        String mediaEncryption,
        int maxConcurrentCalls,
        int priority,
        String fromUser,
        String fromDomain,
        UUID failoverTrunkId,
        boolean enabled,
        String endpointId,
        Provisioning provisioning,
        Health health,
        Instant createdAt,
        Instant updatedAt,
        java.math.BigDecimal costPerMinute,
        Registration registration) {

    public Trunk {
        allowedIps = List.copyOf(allowedIps);
        codecs = List.copyOf(codecs);
    }

    public boolean acceptsInbound() {
        return !direction.equals("outbound");
    }

    public boolean allowsOutbound() {
        return !direction.equals("inbound");
    }

    /** Where Asterisk stands with this trunk's configuration. */
    public record Provisioning(String status, String error, Instant appliedAt) {}

    /**
     * What Asterisk last said about reaching the carrier (qualify).
     *
     * @param roundTripMs the round trip of Asterisk's last qualify (OPTIONS) to the carrier, when it answered
     */
    public record Health(String status, String detail, Instant checkedAt, Double roundTripMs) {}

    /**
     * The trunk's outbound registration as Asterisk holds it.
     *
     * @param status {@code registered}, {@code rejected} (the carrier refused it: {@code sipStatus} says how),
     *     {@code unregistered} (not registered yet, or Asterisk has not loaded it), or {@code retrying} (lost, or
     *     refused for a passing reason such as a timeout or a 5xx; Asterisk tries again)
     * @param sipStatus the SIP status that explains a rejection or retry, from Ariadne's own REGISTER (Asterisk
     *     reports none); null when registered or unknown
     * @param changedAt when {@code status} last changed
     */
    public record Registration(String status, Integer sipStatus, String detail, Instant changedAt) {}

    private static final String LINE_SUFFIX = "-line";
    private static final String INBOUND_SUFFIX = "-in";

    /**
     * The endpoint a trunk's outbound registration points inbound calls at (its {@code line}): the same media
     * settings as the trunk's endpoint, but a call identified as it arrived on the registration.
     */
    public static String lineEndpointId(String endpointId) {
        return endpointId + LINE_SUFFIX;
    }

    public static boolean isLineEndpoint(String endpointId) {
        return endpointId != null && endpointId.endsWith(LINE_SUFFIX);
    }

    /**
     * The endpoint the trunk's numbers identify inbound calls as: the same media settings as the trunk's endpoint,
     * and an ACL that lets in only the trunk's {@code allowedIps}, so Asterisk itself refuses a call to the number
     * from any other address.
     */
    public static String inboundEndpointId(String endpointId) {
        return endpointId + INBOUND_SUFFIX;
    }

    /** The trunk's own endpoint id for any of its endpoints (own, line, inbound). */
    public static String trunkEndpointOf(String endpointId) {
        if (isLineEndpoint(endpointId)) {
            return endpointId.substring(0, endpointId.length() - LINE_SUFFIX.length());
        }
        if (endpointId != null && endpointId.endsWith(INBOUND_SUFFIX)) {
            return endpointId.substring(0, endpointId.length() - INBOUND_SUFFIX.length());
        }
        return endpointId;
    }

    /** Whether a call on this trunk negotiates media as one on {@code other} would (codecs, DTMF, encryption). */
    public boolean sameMediaAs(Trunk other) {
        return codecs.equals(other.codecs) && dtmfMode.equals(other.dtmfMode)
                && mediaEncryption.equals(other.mediaEncryption);
    }

    /** The endpoint id for a new trunk: tenant-prefixed so that tenants never collide, within PJSIP's 40 chars. */
    public static String endpointIdFor(UUID tenantId, UUID trunkId) {
        String t = tenantId.toString().replace("-", "");
        String k = trunkId.toString().replace("-", "");
        return t.substring(0, 12) + "-" + k.substring(0, 24);
    }
}
