package dev.ariadne.provisioning;

import dev.ariadne.trunk.Trunk;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Where a trunk's registration change goes beyond the trunk's row and the log (the tenant's events). */
@Component
class RegistrationEvents {
    Mono<Void> changed(Trunk t, dev.ariadne.trunk.RegistrationChange change, Trunk.Registration now) {
        return Mono.empty();
    }
}
