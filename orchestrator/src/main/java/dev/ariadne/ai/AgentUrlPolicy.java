package dev.ariadne.ai;

import dev.ariadne.common.DeniedNetworks;
import dev.ariadne.io.IoLoops;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Whether an agent URL may be saved: its host, resolved now, must not be in {@code ariadne.agent.denied-networks}.
 * A name that does not resolve (yet) is accepted: every connect checks the address again, which is the check
 * that protects; this one only tells the tenant early.
 */
@Component
public final class AgentUrlPolicy implements AutoCloseable {
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(3);
    private final AgentAddresses addresses;
    private final IoLoops loops;

    AgentUrlPolicy(AgentProperties properties, IoLoops loops) {
        this.loops = loops;
        this.addresses = new AgentAddresses(DeniedNetworks.of(properties.deniedNetworks()), loops.datagramChannel());
    }

    /** Why the URL is refused, or empty when it may be saved. */
    public Mono<Optional<String>> refusal(URI url) {
        return addresses.resolve(url, loops.next())
                .map(resolved -> Optional.<String>empty())
                .timeout(LOOKUP_TIMEOUT, Mono.just(Optional.empty()))
                .onErrorResume(AgentUnavailableException.class, e -> Mono.just(Optional.of(e.getMessage())))
                .onErrorResume(e -> e instanceof UnknownHostException || e.getCause() instanceof UnknownHostException,
                        e -> Mono.just(Optional.empty()));
    }

    @Override
    public void close() {
        addresses.close();
    }
}
