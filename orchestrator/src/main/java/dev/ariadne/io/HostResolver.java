package dev.ariadne.io;

import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Resolves host names without blocking: Netty's DNS resolver, on the caller's event loop. For the agent connector
 * and the trunk check, which both then connect to exactly the address they checked against the denied networks.
 */
public final class HostResolver implements AutoCloseable {
    private final DnsAddressResolverGroup group;

    public HostResolver(Class<? extends DatagramChannel> datagrams) {
        this.group = new DnsAddressResolverGroup(new DnsNameResolverBuilder().datagramChannelType(datagrams));
    }

    /** One address of the host, as the resolver orders them. */
    public Mono<InetSocketAddress> resolve(String host, int port, EventLoop loop) {
        return Mono.create(sink -> group.getResolver(loop).resolve(InetSocketAddress.createUnresolved(host, port))
                .addListener(f -> {
                    if (f.isSuccess()) {
                        sink.success((InetSocketAddress) f.getNow());
                    } else {
                        sink.error(f.cause());
                    }
                }));
    }

    /**
     * Every address of the host, IPv4 first, each carrying the host name (so that TLS checks a certificate against
     * the name, not the address).
     */
    public Mono<List<InetSocketAddress>> resolveAll(String host, int port, EventLoop loop) {
        return Mono.create(sink -> group.getResolver(loop).resolveAll(InetSocketAddress.createUnresolved(host, port))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        sink.error(f.cause());
                        return;
                    }
                    @SuppressWarnings("unchecked")
                    List<InetSocketAddress> all = new ArrayList<>((List<InetSocketAddress>) f.getNow());
                    all.sort(Comparator.comparing(a -> a.getAddress() instanceof Inet6Address));
                    sink.success(all.stream().map(a -> new InetSocketAddress(named(host, a.getAddress()), port)).toList());
                }));
    }

    private static InetAddress named(String host, InetAddress a) {
        try {
            return InetAddress.getByAddress(host, a.getAddress());
        } catch (UnknownHostException e) {
            return a;
        }
    }

    @Override
    public void close() {
        group.close();
    }
}
