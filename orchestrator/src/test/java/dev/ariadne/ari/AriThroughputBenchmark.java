package dev.ariadne.ari;

import ch.loway.oss.ari4java.ARI;
import ch.loway.oss.ari4java.tools.http.NettyHttpClient;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Prints how many ARI commands per second get through ari4java against the real Asterisk; asserts
 * nothing (a benchmark, not a test: the class name keeps it out of the *Tests run). Run with
 * {@code ./mvnw -B -q -pl orchestrator -am test -Dtest=AriThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class AriThroughputBenchmark {

    @RegisterExtension
    static final RealAsterisk asterisk = new RealAsterisk();

    @Test
    void printCommandThroughput() {
        AriProperties properties = asterisk.properties("ariadne");
        try (Ari4jClient client = new Ari4jClient(properties)) {
            client.events().subscribe();
            client.events().filter(AriEvent.Connected.class::isInstance).blockFirst(Duration.ofSeconds(10));
            String channel = client.originate("Local/tone@" + RealAsterisk.CONTEXT, null, "bench", 30, Map.of())
                    .block(Duration.ofSeconds(10)).id();
            client.getChannelVar(channel, "CHANNEL(state)").block(Duration.ofSeconds(10)); // warm-up

            for (int concurrency : new int[] {1, 3, 16, 64}) {
                measure("AriClient.getChannelVar (ari4java requests, pooled client)", 2000, concurrency,
                        Duration.ofSeconds(35), () -> client.getChannelVar(channel, "CHANNEL(state)"));
            }

            // ari4java's stock async path, for comparison: it waits on its own event loop.
            NettyHttpClient stock = new NettyHttpClient();
            ARI ari = Ari4j.ari(stock, properties);
            try {
                measure("stock ari4java execute(callback), 5 s cap per command", 30, 3, Duration.ofSeconds(5),
                        () -> AriCalls.<ch.loway.oss.ari4java.generated.models.Variable>call("get var", cb -> ari.channels().getChannelVar(channel, "CHANNEL(state)").execute(cb)));
            } finally {
                stock.destroy();
            }

            // The same request over Reactor Netty (Spring WebClient), to show where the ceiling is.
            String auth = Base64.getEncoder().encodeToString(
                    (RealAsterisk.USERNAME + ":" + RealAsterisk.PASSWORD).getBytes());
            WebClient web = WebClient.builder().baseUrl(properties.url() + "ari")
                    .defaultHeader("Authorization", "Basic " + auth).build();
            for (int concurrency : new int[] {3, 64}) {
                measure("WebClient (reactor-netty) GET same variable", 2000, concurrency, Duration.ofSeconds(35),
                        () -> web.get().uri("/channels/{id}/variable?variable={v}", channel, "CHANNEL(state)")
                                .retrieve().bodyToMono(String.class));
            }
            client.hangup(channel, null).block(Duration.ofSeconds(10));
        }
    }

    private static void measure(String what, int commands, int concurrency, Duration capPerCommand,
            java.util.function.Supplier<Mono<?>> command) {
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        long start = System.nanoTime();
        Flux.range(0, commands)
                .flatMap(i -> command.get().timeout(capPerCommand).then()
                        .onErrorResume(e -> {
                            (e instanceof TimeoutException ? timedOut : failed).incrementAndGet();
                            return Mono.empty();
                        }), concurrency)
                .blockLast(Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("ARI-BENCH %-62s concurrency=%3d commands=%5d time=%6.2fs -> %7.0f commands/s"
                        + " (failed %d, timed out %d)%n",
                what, concurrency, commands, seconds, commands / seconds, failed.get(), timedOut.get());
    }
}
