package dev.ariadne.media;

import dev.ariadne.io.IoLoops;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MediaConfiguration {

    @Bean(destroyMethod = "close")
    UdpMediaRelay mediaRelay(MediaProperties properties, IoLoops ioLoops) {
        return new UdpMediaRelay(properties, ioLoops);
    }
}
