package dev.ariadne.trunk;

import dev.ariadne.ami.AmiClient;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Asks Asterisk to qualify a trunk's contacts now (AMI {@code PJSIPQualify}), so that its view of the carrier (the
 * trunk's {@code health} and round trip, read at the next health pass) is fresh after a health check. Without AMI, or
 * when Asterisk refuses, it does nothing: the check's own OPTIONS is the answer either way.
 */
@Component
public class AsteriskQualify {
    private final AmiClient ami;

    AsteriskQualify(ObjectProvider<AmiClient> ami) {
        this.ami = ami.getIfAvailable();
    }

    public Mono<Boolean> now(String endpointId) {
        if (ami == null || !ami.connected()) {
            return Mono.just(false);
        }
        return ami.action("PJSIPQualify", Map.of("Endpoint", endpointId)).thenReturn(true)
                .onErrorReturn(dev.ariadne.ami.AmiException.class, false);
    }
}
