package dev.ariadne.ari;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class MeteredAriClientTests {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicBoolean connected = new AtomicBoolean();

    /** An ARI whose answer works, whose hangup finds no channel and whose bridge creation fails. */
    private final AriClient ari = (AriClient) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {AriClient.class}, (proxy, method, args) -> switch (method.getName()) {
                case "eventsConnected" -> connected.get();
                case "answer" -> Mono.delay(Duration.ofMillis(20)).then();
                case "hangup" -> Mono.error(new AriException(404, "hangup ch-1 failed (404): Channel not found", null));
                case "createBridge" -> Mono.error(new AriException(0, "create bridge failed: Connection refused", null));
                default -> throw new UnsupportedOperationException(method.getName());
            });
    private final MeteredAriClient metered = new MeteredAriClient(ari, registry);

    @Test
    void everyCommandIsTimedByItsNameAndOutcome() {
        metered.answer("ch-1").block();
        metered.answer("ch-2").block();
        assertThatThrownBy(() -> metered.hangup("ch-1", null).block()).isInstanceOf(AriException.class);
        assertThatThrownBy(() -> metered.createBridge("mixing", "b-1").block()).isInstanceOf(AriException.class);

        var answers = registry.get("ariadne.ari.commands").tags("command", "answer", "outcome", "ok").timer();
        assertThat(answers.count()).isEqualTo(2);
        assertThat(answers.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(15);
        assertThat(registry.get("ariadne.ari.commands").tags("command", "hangup", "outcome", "not_found").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("ariadne.ari.commands").tags("command", "create_bridge", "outcome", "error").timer()
                .count()).isEqualTo(1);
    }

    @Test
    void aCommandNotSubscribedIsNotCounted() {
        metered.answer("ch-1"); // assembled, never sent
        assertThat(registry.find("ariadne.ari.commands").timers()).isEmpty();
    }

    @Test
    void theEventsConnectionIsAGauge() {
        var gauge = registry.get("ariadne.ari.connected").gauge();
        assertThat(gauge.value()).isZero();
        connected.set(true);
        assertThat(gauge.value()).isEqualTo(1);
    }
}
