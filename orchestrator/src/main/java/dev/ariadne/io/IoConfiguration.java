package dev.ariadne.io;

import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IoProperties.class)
public class IoConfiguration {

    // Closed after the media relay and the agent connector, which use it.
    @Bean(destroyMethod = "close")
    IoLoops ioLoops(IoProperties properties) {
        IoLoops loops = new IoLoops(properties.threads(), properties.transport());
        LoggerFactory.getLogger(IoLoops.class).info("media event loops: {} thread(s), transport {}",
                properties.threads() == 0 ? Runtime.getRuntime().availableProcessors() : properties.threads(),
                loops.transport());
        return loops;
    }

    @Bean(destroyMethod = "close")
    ControlLoops controlLoops(IoLoops media) {
        return new ControlLoops(new IoLoops(1, media.transport(), "ariadne-control"));
    }
}
