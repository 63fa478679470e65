package dev.ariadne.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.io.IoLoops;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import reactor.test.StepVerifier;

class MediaConfigurationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(MediaProperties.class)
    static class Properties {}

    private final ApplicationContextRunner context =
            new ApplicationContextRunner().withUserConfiguration(Properties.class, dev.ariadne.io.IoConfiguration.class, MediaConfiguration.class);

    @Test
    void exposesARelayBoundToTheConfiguredRange() {
        int port = TestRelay.freePort();
        context.withPropertyValues("ariadne.media.port-min=" + port, "ariadne.media.port-max=" + (port + 9))
                .run(context -> {
                    MediaSession session =
                            context.getBean(MediaRelay.class).open("call-ctx", context.getBean(IoLoops.class).next()).block(Duration.ofSeconds(5));
                    assertThat(session.localPort()).isBetween(port, port + 9);
                    assertThat(context).hasSingleBean(IoLoops.class);
                });
    }

    @Test
    void rejectsAnInvalidRangeAtStartup() {
        context.withPropertyValues("ariadne.media.port-min=5000", "ariadne.media.port-max=4000")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void shutdownClosesOpenSessions() {
        int port = TestRelay.freePort();
        MediaSession[] opened = new MediaSession[1];
        context.withPropertyValues("ariadne.media.port-min=" + port, "ariadne.media.port-max=" + (port + 9))
                .run(context -> opened[0] =
                        context.getBean(MediaRelay.class).open("call-shutdown", context.getBean(IoLoops.class).next()).block(Duration.ofSeconds(5)));

        int bound = opened[0].localPort();
        // Closed by the context's shutdown (nobody called close): the port can be bound again.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.1", bound)).close());
    }
}
