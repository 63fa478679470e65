package dev.ariadne.ami;

import dev.ariadne.io.ControlLoops;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The AMI client, when {@code ariadne.ami.enabled} (default true). */
@Configuration(proxyBeanMethods = false)
class AmiConfiguration {
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(prefix = "ariadne.ami", name = "enabled", havingValue = "true", matchIfMissing = true)
    AmiClient amiClient(AmiProperties props, ControlLoops control) {
        return new AmiClient(props, control.loops());
    }
}
