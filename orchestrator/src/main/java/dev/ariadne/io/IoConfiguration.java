package dev.ariadne.io;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IoProperties.class)
public class IoConfiguration {

    // Closed after the media relay and the agent connector, which use it.
    @Bean(destroyMethod = "close")
    IoLoops ioLoops(IoProperties properties) {
        return new IoLoops(properties.threads(), properties.transport());
    }
}
