package dev.ariadne.trunk;

import java.util.List;
import java.util.UUID;

/**
 * A trunk as a client sent it, before validation: any field may be missing (null). For PATCH it starts as
 * the stored trunk and the client's fields overlay it.
 */
public record TrunkInput(
        String name,
        String direction,
        String host,
        Integer port,
        String transport,
        String username,
        String password,
        Boolean register,
        List<String> allowedIps,
        List<String> codecs,
        String dtmfMode,
        String mediaEncryption,
        Integer maxConcurrentCalls,
        Integer priority,
        String fromUser,
        String fromDomain,
        UUID failoverTrunkId,
        Boolean enabled,
        java.math.BigDecimal costPerMinute) {

    public static final TrunkInput EMPTY =
            new TrunkInput(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null);

    /** The stored trunk as input, password left out (null keeps it). */
    public static TrunkInput of(Trunk t) {
        return new TrunkInput(t.name(), t.direction(), t.host(), t.port(), t.transport(), t.username(), null,
                t.register(), t.allowedIps(), t.codecs(), t.dtmfMode(), t.mediaEncryption(), t.maxConcurrentCalls(),
                t.priority(), t.fromUser(), t.fromDomain(), t.failoverTrunkId(), t.enabled(), t.costPerMinute());
    }

    @Override
    public String toString() {
        return "TrunkInput[name=" + name + ", host=" + host + "]";
    }
}
