package dev.ariadne.provisioning;

import dev.ariadne.ari.AriClient;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Applies PJSIP row changes through ARI without a full reload: reloading {@code res_pjsip.so} empties the
 * sorcery memory caches in front of the realtime tables (so the next INVITE sees the new endpoint, auth and
 * identify rows), and reloading {@code res_pjsip_outbound_registration.so} starts new registrations and stops
 * removed ones, leaving unchanged ones alone (seen on Asterisk 22.10, see asterisk-config/README.md).
 */
@Component
@ConditionalOnProperty(prefix = "ariadne.ari", name = "enabled", havingValue = "true", matchIfMissing = true)
class AriConfigNotifier implements AsteriskConfigNotifier {
    private final AriClient ari;

    AriConfigNotifier(AriClient ari) {
        this.ari = ari;
    }

    @Override
    public Mono<Void> apply(List<PjsipChange> changes) {
        if (changes.isEmpty()) {
            return Mono.empty();
        }
        return reloadAll();
    }

    @Override
    public Mono<Void> reloadAll() {
        return ari.reloadModule("res_pjsip.so").then(reloadRegistrations());
    }

    @Override
    public Mono<Void> reloadRegistrations() {
        return ari.reloadModule("res_pjsip_outbound_registration.so");
    }
}
