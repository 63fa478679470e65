package dev.ariadne.provisioning;

import dev.ariadne.ari.AriClient;
import dev.ariadne.common.InvalidRequestException;
import dev.ariadne.common.UnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Whether Ariadne's Asterisk can carry a trunk with {@code transport: tls}: it needs the PJSIP transport
 * {@code <transportPrefix>tls}. By default ({@code ariadne.provisioning.tls-transport=ask}) Asterisk is asked over
 * ARI (the dynamic configuration API's {@code res_pjsip/transport/<name>}), and the answer is kept for
 * {@code tls-check-cache}; when Asterisk cannot be asked, the last answer stands, and without one the change is
 * refused as unavailable. {@code present} or {@code absent} answer without asking (e.g. with ARI off).
 */
@Component
class TlsTransportCheck {
    private static final Logger log = LoggerFactory.getLogger(TlsTransportCheck.class);
    private final ProvisioningProperties props;
    private final AriClient ari;
    private final Clock clock;
    private final AtomicReference<Answer> last = new AtomicReference<>();

    private record Answer(boolean present, Instant at) {}

    @Autowired
    TlsTransportCheck(ProvisioningProperties props, ObjectProvider<AriClient> ari) {
        this(props, ari.getIfAvailable(), Clock.systemUTC());
    }

    /** @param ari null when ARI is off */
    TlsTransportCheck(ProvisioningProperties props, AriClient ari, Clock clock) {
        this.props = props;
        this.ari = ari;
        this.clock = clock;
    }

    /** Completes when a TLS trunk can be provisioned; else a 400 problem naming {@code transport}, or 503. */
    Mono<Void> requireTls() {
        return present().flatMap(present -> present ? Mono.empty() : Mono.error(InvalidRequestException.of(
                "transport", "tls is not available: Ariadne's Asterisk has no TLS transport ('" + transportName()
                        + "'); the operator must configure a certificate and key (ARIADNE_TLS_CERT, ARIADNE_TLS_KEY)")));
    }

    private Mono<Boolean> present() {
        switch (props.tlsTransport()) {
            case "present":
                return Mono.just(true);
            case "absent":
                return Mono.just(false);
            default:
                break;
        }
        AriClient client = ari;
        if (client == null) {
            return Mono.error(InvalidRequestException.of("transport", "tls cannot be confirmed: ARI is off"
                    + " (ariadne.ari.enabled=false), so Asterisk cannot be asked for its TLS transport; the operator"
                    + " sets ariadne.provisioning.tls-transport=present if it has one"));
        }
        Answer known = last.get();
        Instant now = clock.instant();
        if (known != null && known.at().plus(props.tlsCheckCache()).isAfter(now)) {
            return Mono.just(known.present());
        }
        return client.hasDynamicConfig("res_pjsip", "transport", transportName())
                .doOnNext(p -> last.set(new Answer(p, now)))
                .onErrorResume(e -> {
                    Answer stale = last.get();
                    if (stale != null) {
                        return Mono.just(stale.present());
                    }
                    log.warn("cannot ask Asterisk whether transport {} exists: {}", transportName(), e.toString());
                    return Mono.error(new UnavailableException(
                            "cannot tell whether Ariadne's Asterisk has a TLS transport: it does not answer; retry"));
                });
    }

    private String transportName() {
        return props.transportPrefix() + "tls";
    }
}
