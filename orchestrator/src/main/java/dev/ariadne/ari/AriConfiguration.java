package dev.ariadne.ari;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ARI client, unless {@code ariadne.ari.enabled=false}. It connects lazily, so startup never waits for Asterisk. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "ariadne.ari", name = "enabled", havingValue = "true", matchIfMissing = true)
class AriConfiguration {

    /** ari4java under a decorator that times every command and shows the events connection. */
    @Bean(destroyMethod = "close")
    MeteredAriClient ariClient(AriProperties properties, MeterRegistry meters) {
        return new MeteredAriClient(new Ari4jClient(properties, Ari4jClient.defaultBreaker()), meters);
    }
}
