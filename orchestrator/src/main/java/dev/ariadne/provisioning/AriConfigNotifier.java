package dev.ariadne.provisioning;

import dev.ariadne.ari.AriClient;
import java.util.Objects;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Tells Asterisk over ARI that a trunk's rows changed. Reloading res_pjsip empties the sorcery caches
 * (expire_on_reload), so the next INVITE sees new or changed endpoints and identify rows at once; reloading
 * res_pjsip_outbound_registration starts new registrations and stops deleted ones, leaving the others alone.
 * Minimal version (from the e2e branch): it reloads for every change, whatever the change.
 */
@Component
@ConditionalOnProperty(prefix = "ariadne.ari", name = "enabled", havingValue = "true", matchIfMissing = true)
class AriConfigNotifier implements AsteriskConfigNotifier {
    private final AriClient ari;

    AriConfigNotifier(AriClient ari) {
        this.ari = Objects.requireNonNull(ari, "ari");
    }

    @Override
    public Mono<Void> apply(PjsipChange change) {
        Objects.requireNonNull(change, "change");
        return ari.reloadModule("res_pjsip.so").then(ari.reloadModule("res_pjsip_outbound_registration.so"));
    }
}
