package dev.ariadne.provisioning;

import java.util.List;
import reactor.core.publisher.Mono;

/** Tells a running Asterisk that PJSIP rows changed. Implemented over ARI; absent when ARI is disabled. */
public interface AsteriskConfigNotifier {

    /** Applies a batch of changes; one reload serves them all. */
    Mono<Void> apply(List<PjsipChange> changes);

    /** Another node changed PJSIP rows: this Asterisk drops what it cached and re-reads its registrations. */
    Mono<Void> reloadAll();

    /** Only the outbound registrations are re-read (this node became, or stopped being, the registrar). */
    Mono<Void> reloadRegistrations();
}
