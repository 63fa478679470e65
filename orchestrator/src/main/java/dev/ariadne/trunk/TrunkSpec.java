package dev.ariadne.trunk;

import java.util.List;
import java.util.UUID;

/**
 * A validated, complete trunk definition, as a create or update leaves it.
 *
 * @param password the new password; null keeps the stored one (updates), empty string removes it
 * @param costPerMinute the price of a billed minute on the trunk, 0 or more; null: no price
 */
public record TrunkSpec(
        String name,
        String direction,
        String host,
        int port,
        String transport,
        String username,
        String password,
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
        java.math.BigDecimal costPerMinute) {

    public TrunkSpec {
        allowedIps = List.copyOf(allowedIps);
        codecs = List.copyOf(codecs);
    }

    @Override
    public String toString() {
        // Never print the password, whatever logs a spec.
        return "TrunkSpec[name=" + name + ", host=" + host + ", port=" + port + ", transport=" + transport
                + ", register=" + register + ", enabled=" + enabled + "]";
    }
}
