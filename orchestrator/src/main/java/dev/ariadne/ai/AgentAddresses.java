package dev.ariadne.ai;

import dev.ariadne.common.DeniedNetworks;
import dev.ariadne.io.HostResolver;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Resolves an agent URL's host without blocking (Netty's DNS resolver, on the caller's event loop) and refuses
 * addresses in the denied networks. The connector then connects to exactly the address that was checked, so a
 * name that changes between check and connect cannot slip past it.
 */
final class AgentAddresses implements AutoCloseable {
    private final DeniedNetworks denied;
    private final HostResolver resolver;

    AgentAddresses(DeniedNetworks denied, Class<? extends io.netty.channel.socket.DatagramChannel> datagrams) {
        this.denied = Objects.requireNonNull(denied, "denied");
        this.resolver = new HostResolver(datagrams);
    }

    static int port(URI url) {
        boolean secure = "wss".equalsIgnoreCase(url.getScheme());
        return url.getPort() > 0 ? url.getPort() : secure ? 443 : 80;
    }

    /** The resolved address to connect to; fails with {@link AgentUnavailableException.Reason#ADDRESS_DENIED}. */
    Mono<InetSocketAddress> resolve(URI url, EventLoop loop) {
        return resolver.resolve(url.getHost(), port(url), loop).flatMap(resolved -> {
            Optional<String> entry = denied.denying(resolved.getAddress());
            if (entry.isPresent()) {
                return Mono.error(new AgentUnavailableException(AgentUnavailableException.Reason.ADDRESS_DENIED,
                        deniedMessage(url.getHost(), resolved, entry.get()), null, null));
            }
            return Mono.just(resolved);
        });
    }

    static String deniedMessage(String host, InetSocketAddress resolved, String entry) {
        String ip = resolved.getAddress().getHostAddress();
        return (host.equals(ip) ? ip : host + " resolves to " + ip) + ", in the denied network " + entry
                + " (ariadne.agent.denied-networks)";
    }

    @Override
    public void close() {
        resolver.close();
    }
}
