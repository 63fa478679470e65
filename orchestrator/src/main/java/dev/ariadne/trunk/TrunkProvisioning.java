package dev.ariadne.trunk;

import reactor.core.publisher.Mono;

/**
 * What the trunk feature needs from provisioning: write or remove a trunk's Asterisk configuration inside
 * the caller's transaction, and, after commit, have Asterisk told about it.
 */
public interface TrunkProvisioning {

    /** Rewrites the trunk's ps_* rows (none when disabled) and records the change for Asterisk. */
    Mono<Void> write(Trunk trunk, String password);

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
