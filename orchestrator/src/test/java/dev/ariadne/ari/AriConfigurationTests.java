package dev.ariadne.ari;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class AriConfigurationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AriProperties.class)
    static class Properties {}

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Properties.class, AriConfiguration.class)
                    .withBean(io.micrometer.core.instrument.MeterRegistry.class,
                            io.micrometer.core.instrument.simple.SimpleMeterRegistry::new);

    @Test
    void defaultsAreDocumentedValuesAndTheClientStartsWithoutAsterisk() {
        // Nothing listens on the default URL here: building the client must not connect.
        runner.run(context -> {
            assertThat(context).hasSingleBean(AriClient.class);
            AriProperties properties = context.getBean(AriProperties.class);
            assertThat(properties.url()).isEqualTo("http://127.0.0.1:8088/");
            assertThat(properties.username()).isEqualTo("ariadne");
            assertThat(properties.password()).isEqualTo("ariadne");
            assertThat(properties.app()).isEqualTo("ariadne");
            assertThat(properties.enabled()).isTrue();
            assertThat(properties.reconnectMinBackoff()).isEqualTo(Duration.ofSeconds(1));
            assertThat(properties.reconnectMaxBackoff()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void disabledMeansNoClient() {
        runner.withPropertyValues("ariadne.ari.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(AriClient.class));
    }

    @Test
    void passwordNeverAppearsInToString() {
        runner.withPropertyValues("ariadne.ari.password=s3cr3t-value").run(context -> {
            AriProperties properties = context.getBean(AriProperties.class);
            assertThat(properties.password()).isEqualTo("s3cr3t-value");
            assertThat(properties.toString()).doesNotContain("s3cr3t-value").contains("password=****");
        });
    }
}
