package dev.ariadne.trunk;

import dev.ariadne.common.DeniedNetworks;
import dev.ariadne.io.IoLoops;
import dev.ariadne.sip.SipFlow;
import dev.ariadne.sip.SipProbe;
import dev.ariadne.sip.SipTransaction;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Checks a trunk's carrier with a SIP client of Ariadne's own, not through Asterisk: it resolves the host, sends
 * OPTIONS and, with a username, a REGISTER that answers the carrier's digest challenge (with {@code Expires: 0}, so
 * it leaves no binding). Its own client because it needs what Asterisk does not report: the SIP status of a
 * rejected REGISTER (AMI and the CLI say only "Rejected"), the round trip of this very request, and the exact
 * transport failure (refused, ICMP port unreachable, TLS handshake); and because it needs no temporary PJSIP
 * object, which would be a realtime row Asterisk caches and every node reloads. The cost: the requests leave from
 * the orchestrator's address, which a carrier that allows by IP may treat differently from Asterisk's; the report
 * names the source address so the hint can say so.
 */
@Component
public class TrunkCheck implements AutoCloseable {
    private final IoLoops loops;
    private final TrunkCheckProperties props;
    private final SipProbe probe;
    private final DeniedNetworks denied;
    private final dev.ariadne.io.HostResolver resolver;
    private final SslContext tls;

    public TrunkCheck(dev.ariadne.io.ControlLoops control, TrunkCheckProperties props,
            dev.ariadne.ai.AgentProperties agents) throws SSLException {
        this.loops = control.loops();
        this.props = props;
        this.probe = new SipProbe(props.timeout());
        // The same networks as for agents and webhooks: one setting for where a tenant may make Ariadne connect.
        this.denied = DeniedNetworks.of(agents.deniedNetworks());
        this.resolver = new dev.ariadne.io.HostResolver(loops.datagramChannel());
        SslContextBuilder b = SslContextBuilder.forClient();
        if (!props.tlsCa().isBlank()) {
            b.trustManager(new File(props.tlsCa()));
        }
        this.tls = b.build();
    }

    /** What a check needs of a trunk. The password is only sent as a digest answer, never reported. */
    public record Target(String host, int port, String transport, String username, String password, String fromUser) {
        @Override
        public String toString() {
            return "Target[" + transport + ":" + host + ":" + port + ", user=" + username + "]";
        }
    }

    public Mono<TrunkCheckReport> check(Target t) {
        io.netty.channel.EventLoop loop = loops.next();
        List<String> hints = new ArrayList<>();
        return resolve(t.host(), t.port(), loop).flatMap(addresses -> {
            InetSocketAddress target = addresses.get(0);
            List<String> resolved = addresses.stream().map(a -> a.getAddress().getHostAddress()).toList();
            Optional<String> deny = denied.denying(target.getAddress());
            if (deny.isPresent()) {
                hints.add("The host resolves to " + resolved.get(0) + ", in the network " + deny.get()
                        + " that trunks may not reach (ariadne.agent.denied-networks).");
                return Mono.just(failed(t, null, resolved, new TrunkCheckReport.Step("address_denied", null,
                        "address in a denied network"), hints));
            }
            return SipFlow.open(loop, loops.datagramChannel(), loops.socketChannel(), target, t.transport(), t.host(),
                            tls, props.connectTimeout())
                    .flatMap(flow -> run(flow, t, resolved, hints).doFinally(s -> flow.close()))
                    .onErrorResume(e -> !(e instanceof Error), e -> {
                        TrunkCheckReport.Step step = transportFailure(e, t, hints);
                        return Mono.just(failed(t, null, resolved, step, hints));
                    });
        }).onErrorResume(UnresolvedHost.class, e -> {
            hints.add("The host name " + t.host() + " does not resolve (" + e.getMessage()
                    + "): check its spelling, or use the carrier's IP address.");
            return Mono.just(failed(t, null, List.of(), new TrunkCheckReport.Step("dns_failed", null, e.getMessage()),
                    hints));
        });
    }

    private Mono<TrunkCheckReport> run(SipFlow flow, Target t, List<String> resolved, List<String> hints) {
        String fromUser = t.fromUser() != null ? t.fromUser() : t.username() != null ? t.username() : "ariadne";
        return probe.options(flow, new SipProbe.Target(t.host(), t.port(), t.transport()), fromUser)
                .map(r -> new Outcome(new TrunkCheckReport.Step("ok",
                        r.response().status(), r.response().reason()), r))
                .onErrorResume(e -> !(e instanceof Error), e -> Mono.just(new Outcome(transportFailure(e, t, hints), null)))
                .flatMap(options -> {
                    if (options.result != null) {
                        TrunkCheckHints.options(options.result.response().status(), hints);
                    }
                    boolean transportBroken = options.result == null && !options.step.result().equals("timeout");
                    if (t.username() == null || transportBroken) {
                        return Mono.just(report(t, flow, resolved, options, TrunkCheckReport.Registration.NOT_TRIED,
                                hints));
                    }
                    return probe.register(flow, new SipProbe.Target(t.host(), t.port(), t.transport()), t.username(),
                                    t.password())
                            .map(reg -> TrunkCheckHints.registration(reg, t, hints))
                            .onErrorResume(TimeoutException.class, e -> {
                                hints.add(TrunkCheckHints.noAnswer("REGISTER", t, props.timeout()));
                                return Mono.just(new TrunkCheckReport.Registration("timeout", null, e.getMessage(),
                                        false));
                            })
                            .onErrorResume(e -> !(e instanceof Error) && !(e instanceof TimeoutException), e -> {
                                TrunkCheckReport.Step s = transportFailure(e, t, hints);
                                return Mono.just(new TrunkCheckReport.Registration(s.result(), null, s.reason(), false));
                            })
                            .map(reg -> report(t, flow, resolved, options, reg, hints));
                });
    }

    private record Outcome(TrunkCheckReport.Step step, SipTransaction.Result result) {}

    private TrunkCheckReport report(Target t, SipFlow flow, List<String> resolved, Outcome options,
            TrunkCheckReport.Registration reg, List<String> hints) {
        boolean reachable = options.result != null;
        boolean registered = t.username() == null || reg.result().equals("ok");
        Double rtt = reachable ? Math.round(options.result.roundTrip().toNanos() / 10_000.0) / 100.0 : null;
        return new TrunkCheckReport(reachable && registered, t.host(), t.port(),
                t.transport(), flow.local(), resolved, reachable, rtt, options.step, reg, List.copyOf(hints), null);
    }

    private static TrunkCheckReport failed(Target t, String source, List<String> resolved, TrunkCheckReport.Step step,
            List<String> hints) {
        return new TrunkCheckReport(false, t.host(), t.port(), t.transport(), source, resolved, false, null, step,
                TrunkCheckReport.Registration.NOT_TRIED, List.copyOf(hints), null);
    }

    private TrunkCheckReport.Step transportFailure(Throwable e, Target t, List<String> hints) {
        String p = t.transport().toUpperCase(java.util.Locale.ROOT) + " port " + t.port();
        if (e instanceof TimeoutException) {
            hints.add(TrunkCheckHints.noAnswer("OPTIONS", t, props.timeout()));
            return new TrunkCheckReport.Step("timeout", null, e.getMessage());
        }
        if (e instanceof PortUnreachableException || e instanceof ConnectException) {
            hints.add("Nothing listens on " + p + " at " + t.host() + " (" + (e instanceof ConnectException
                    ? "connection refused" : "ICMP port unreachable") + "): check the port, and whether the carrier"
                    + " expects another transport (udp, tcp, or tls on its TLS port, often 5061).");
            return new TrunkCheckReport.Step("refused", null,
                    e instanceof ConnectException ? "connection refused" : "ICMP port unreachable");
        }
        if (e instanceof ConnectTimeoutException) {
            hints.add("The " + p + " connection timed out: a firewall drops it, or the address is wrong.");
            return new TrunkCheckReport.Step("timeout", null, "connect timed out");
        }
        if (e instanceof SSLException || e.getCause() instanceof SSLException) {
            String why = (e instanceof SSLException ? e : e.getCause()).getMessage();
            hints.add("The TLS handshake failed (" + why + "): check that " + t.port() + " is the carrier's TLS port"
                    + " and that its certificate is valid for " + t.host() + " and issued by a CA Ariadne trusts"
                    + " (ariadne.trunk-check.tls-ca, and Asterisk's ARIADNE_TLS_CA).");
            return new TrunkCheckReport.Step("tls_failed", null, why);
        }
        hints.add("The " + p + " flow failed: " + e.getMessage());
        return new TrunkCheckReport.Step("error", null, String.valueOf(e.getMessage()));
    }

    private Mono<List<InetSocketAddress>> resolve(String host, int port, io.netty.channel.EventLoop loop) {
        if (dev.ariadne.common.Addresses.isIp(host)) {
            return Mono.fromCallable(() -> List.of(new InetSocketAddress(InetAddress.getByName(host), port)));
        }
        return resolver.resolveAll(host, port, loop)
                .onErrorMap(e -> !(e instanceof Error), e -> new UnresolvedHost(e.getMessage()));
    }

    private static final class UnresolvedHost extends RuntimeException {
        UnresolvedHost(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void close() {
        resolver.close();
    }
}
