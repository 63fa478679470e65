package dev.ariadne.number;

import dev.ariadne.number.data.NumberRepository;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Read access to numbers for the features that act on them (call routing, provisioning), whatever the tenant. */
@Component
public class NumberDirectory {
    private final NumberRepository repo;

    NumberDirectory(NumberRepository repo) {
        this.repo = repo;
    }

    /** The number for a DID in E.164, whichever tenant owns it (DIDs are unique platform-wide). */
    public Mono<PhoneNumber> byE164(String e164) {
        return repo.findByE164(e164);
    }

    /** How many of the tenant's numbers stay on Twilio. */
    public Mono<Long> countOnTwilio(UUID tenantId) {
        return repo.countOnTwilio(tenantId);
    }

    /** The E.164 numbers routed to a trunk, in order. */
    public Flux<String> e164sOnTrunk(UUID trunkId) {
        return repo.e164sOnTrunk(trunkId);
    }
}
