package dev.ariadne.ai;

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
public final class AgentUrlPolicy {
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(3);
    private final AgentAddresses addresses;
    private final IoLoops loops;

    /** The connector's own resolver and denied networks: what is checked at save is what a call will check. */
    AgentUrlPolicy(WebSocketAgentConnector connector, IoLoops loops) {
        this.loops = loops;
        this.addresses = connector.addresses();
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
}
