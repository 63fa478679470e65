package dev.ariadne.trunk;

import reactor.core.publisher.Mono;

/**
 * What the trunk feature needs from provisioning: write or remove a trunk's Asterisk configuration inside
 * the caller's transaction, and, after commit, have Asterisk told about it.
 */
public interface TrunkProvisioning {

    /**
     * The version of the row layout this provisioning writes. A trunk stored with an older one is rewritten at
     * startup ({@link TrunkService#reprovisionOutdated()}), so that a new layout applies to existing trunks too.
     */
    int layout();

    /**
     * The deployment settings the rows depend on (the SIP edge's addresses), as a stable text; a trunk written with
     * other settings is rewritten at startup like one of an older layout. Empty by default.
     */
    default String layoutSettings() {
        return "";
    }

    /**
     * Completes when Asterisk can carry a trunk on this transport (udp, tcp, tls); else an error to answer with
     * (a problem naming {@code transport}, or unavailable when Asterisk cannot be asked).
     */
    Mono<Void> requireTransport(String transport);

    /**
     * Rewrites the trunk's ps_* rows (none when disabled), its numbers' identification included, and records the
     * change for Asterisk.
     */
    Mono<Void> write(Trunk trunk, String password);

    /**
     * Rewrites only the identification of the trunk's numbers, after a number was added to, moved onto or off,
     * or removed from it; the caller holds the trunk's lock.
     */
    Mono<Void> writeNumbers(Trunk trunk);

    /**
     * {@link #write} for a trunk created in the caller's transaction: its endpoint id is new, so there are no
     * rows to delete and no older change to supersede.
     */
    Mono<Void> writeNew(Trunk trunk, String password);

    /** Removes the trunk's ps_* rows and records the removal for Asterisk. */
    Mono<Void> remove(Trunk trunk);

    /** Called after the transaction committed: tell Asterisk now rather than at the next reconcile tick. */
    void committed();
}
