package dev.ariadne.trunk;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's SIP trunk as stored. The password is not part of it: only whether one is set.
 *
 * @param endpointId the PJSIP endpoint id in Asterisk's schema, fixed when the trunk is created
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
        Instant updatedAt) {

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

    /** What Asterisk last said about reaching the carrier (qualify, registration). */
    public record Health(String status, String detail, Instant checkedAt) {}

    /** The endpoint id for a new trunk: tenant-prefixed so that tenants never collide, within PJSIP's 40 chars. */
    public static String endpointIdFor(UUID tenantId, UUID trunkId) {
        String t = tenantId.toString().replace("-", "");
        String k = trunkId.toString().replace("-", "");
        return t.substring(0, 12) + "-" + k.substring(0, 24);
    }
}
