package dev.ariadne.provisioning;

import reactor.core.publisher.Mono;

/** Tells a running Asterisk that PJSIP rows changed. Implemented over ARI; absent when ARI is disabled. */
public interface AsteriskConfigNotifier {
    Mono<Void> apply(PjsipChange change);
}
