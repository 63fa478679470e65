package dev.ariadne.ari;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ARI client, unless {@code ariadne.ari.enabled=false}. It connects lazily, so startup never waits for Asterisk. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "ariadne.ari", name = "enabled", havingValue = "true", matchIfMissing = true)
class AriConfiguration {

    @Bean(destroyMethod = "close")
    Ari4jClient ariClient(AriProperties properties) {
        return new Ari4jClient(properties, Ari4jClient.defaultBreaker());
    }
}
