package dev.ariadne.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.DefaultLifecycleProcessor;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * Spring gives the drain's shutdown phase the drain timeout plus the teardown allowance, whatever
 * {@code spring.lifecycle.timeout-per-shutdown-phase} says, so that a shutdown never cuts the drain short; other
 * phases keep Spring's setting.
 */
class DrainPhaseTimeoutTests {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
            .withUserConfiguration(CallConfiguration.class)
            .withPropertyValues("ariadne.ari.enabled=false");

    @Test
    void theDefaultDrainTimeoutOfTenMinutesGetsAPhaseLongerThanItselfWhileOtherPhasesKeepThirtySeconds() {
        runner.run(context -> {
            DefaultLifecycleProcessor p = processor(context.getSourceApplicationContext());
            assertThat(timeout(p, CallDrain.PHASE)).isEqualTo(Duration.ofMinutes(10).plus(CallDrain.TEARDOWN_ALLOWANCE));
            assertThat(timeout(p, 0)).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void aShortPerPhaseTimeoutDoesNotShortenTheDrain() {
        runner.withPropertyValues("ariadne.call.drain-timeout=3s", "spring.lifecycle.timeout-per-shutdown-phase=1s")
                .run(context -> {
                    DefaultLifecycleProcessor p = processor(context.getSourceApplicationContext());
                    assertThat(timeout(p, CallDrain.PHASE)).isEqualTo(Duration.ofSeconds(3).plus(CallDrain.TEARDOWN_ALLOWANCE));
                    assertThat(timeout(p, 0)).isEqualTo(Duration.ofSeconds(1));
                });
    }

    @Test
    void theEnvironmentVariableSetsTheDrainTimeout() {
        runner.withInitializer(c -> c.getEnvironment().getPropertySources().replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("ARIADNE_CALL_DRAIN_TIMEOUT", "2m"))))
                .run(context -> assertThat(timeout(processor(context.getSourceApplicationContext()), CallDrain.PHASE))
                        .isEqualTo(Duration.ofMinutes(2).plus(CallDrain.TEARDOWN_ALLOWANCE)));
    }

    private static DefaultLifecycleProcessor processor(org.springframework.context.ApplicationContext context) {
        return (DefaultLifecycleProcessor) context.getBean(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME);
    }

    private static Duration timeout(DefaultLifecycleProcessor p, int phase) {
        Long millis = ReflectionTestUtils.invokeMethod(p, "determineShutdownTimeout", phase);
        return Duration.ofMillis(millis);
    }
}
