package dev.ariadne.provisioning;

import dev.ariadne.ami.AmiClient;
import dev.ariadne.ami.AmiMessage;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The round trip of Asterisk's last qualify of a trunk's contact, from AMI's {@code PJSIPShowEndpoint} (its
 * {@code ContactStatusDetail} events carry {@code RoundtripUsec}; ARI shows no round trip). The trunk's AOR has the
 * endpoint's id; with several contacts the fastest available one counts. Empty without AMI, or when no contact
 * answered.
 */
final class ContactRoundTrips {
    private final AmiClient ami;

    ContactRoundTrips(AmiClient ami) {
        this.ami = ami;
    }

    Mono<Optional<Double>> of(String endpointId) {
        if (ami == null || !ami.connected()) {
            return Mono.just(Optional.empty());
        }
        return ami.action("PJSIPShowEndpoint", Map.of("Endpoint", endpointId))
                .map(messages -> messages.stream()
                        .filter(m -> "ContactStatusDetail".equals(m.get("Event")))
                        .filter(m -> endpointId.equals(m.get("AOR")))
                        .map(ContactRoundTrips::millis)
                        .flatMap(Optional::stream)
                        .min(Double::compare))
                .onErrorResume(dev.ariadne.ami.AmiException.class, e -> Mono.just(Optional.empty()));
    }

    static Optional<Double> millis(AmiMessage m) {
        String usec = m.get("RoundtripUsec");
        if (usec == null || !"Reachable".equalsIgnoreCase(m.get("Status")) && !"Avail".equalsIgnoreCase(m.get("Status"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Math.round(Long.parseLong(usec) / 10.0) / 100.0);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether a new round trip is worth a write: appeared, vanished, or moved by over 2 ms and 20 %. */
    static boolean changed(Double stored, Double now) {
        if (stored == null || now == null) {
            return stored != now;
        }
        double d = Math.abs(stored - now);
        return d > 2.0 && d > 0.2 * stored;
    }
}
