package dev.ariadne.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ariadne.ari.AriClient;
import dev.ariadne.ari.AriException;
import dev.ariadne.common.InvalidRequestException;
import dev.ariadne.common.UnavailableException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class TlsTransportCheckTests {
    private final List<String> asked = new ArrayList<>();
    private final Deque<Mono<Boolean>> answers = new ArrayDeque<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    /** An AriClient that only answers hasDynamicConfig, with the queued answers, and records what it was asked. */
    private AriClient ari() {
        return (AriClient) Proxy.newProxyInstance(AriClient.class.getClassLoader(), new Class<?>[] {AriClient.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("hasDynamicConfig")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    asked.add(args[0] + "/" + args[1] + "/" + args[2]);
                    return answers.removeFirst();
                });
    }

    private TlsTransportCheck check(String mode, AriClient ari) {
        ProvisioningProperties props = new ProvisioningProperties("ariadne-inbound", "transport-", 60, 30,
                Duration.ofSeconds(5), Duration.ofSeconds(30), mode, Duration.ofSeconds(30));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new TlsTransportCheck(props, ari, clock);
    }

    @Test
    void asksAsteriskForTheTlsTransportObjectAndAcceptsWhenItExists() {
        answers.add(Mono.just(true));
        check("ask", ari()).requireTls().block();
        assertThat(asked).containsExactly("res_pjsip/transport/transport-tls");
    }

    @Test
    void noTlsTransportInAsteriskIsAnInvalidTransportThatSaysWhy() {
        answers.add(Mono.just(false));
        assertThatThrownBy(() -> check("ask", ari()).requireTls().block())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.violations()).singleElement().satisfies(v -> {
                        assertThat(v.field()).isEqualTo("transport");
                        assertThat(v.reason()).contains("no TLS transport ('transport-tls')", "ARIADNE_TLS_CERT");
                    });
                });
    }

    @Test
    void theAnswerIsReusedForTheCacheTimeThenAskedAgain() {
        answers.add(Mono.just(true));
        answers.add(Mono.just(false));
        TlsTransportCheck check = check("ask", ari());
        check.requireTls().block();
        now = now.plusSeconds(29);
        check.requireTls().block();
        assertThat(asked).hasSize(1);
        now = now.plusSeconds(2);
        assertThatThrownBy(() -> check.requireTls().block()).isInstanceOf(InvalidRequestException.class);
        assertThat(asked).hasSize(2);
    }

    @Test
    void unreachableAsteriskKeepsTheLastAnswerAndWithoutOneIsUnavailable() {
        answers.add(Mono.error(new AriException(0, "connection refused", null)));
        TlsTransportCheck check = check("ask", ari());
        assertThatThrownBy(() -> check.requireTls().block()).isInstanceOf(UnavailableException.class);

        answers.add(Mono.just(true));
        check.requireTls().block();
        now = now.plusSeconds(60);
        answers.add(Mono.error(new AriException(503, "down", null)));
        check.requireTls().block();
        assertThat(asked).hasSize(3);
    }

    @Test
    void configuredAnswersDoNotAskAndNoAriMeansNoTls() {
        check("present", ari()).requireTls().block();
        assertThatThrownBy(() -> check("absent", ari()).requireTls().block()).isInstanceOf(InvalidRequestException.class);
        assertThat(asked).isEmpty();
        assertThatThrownBy(() -> check("ask", null).requireTls().block())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations().getFirst().reason())
                        .contains("ARI is off", "tls-transport=present"));
    }

    @Test
    void anUnknownModeIsRefusedAtStartup() {
        assertThatThrownBy(() -> check("maybe", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls-transport must be ask, present or absent");
    }
}
