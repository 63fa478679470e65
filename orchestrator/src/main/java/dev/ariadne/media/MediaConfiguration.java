package dev.ariadne.media;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MediaConfiguration {

    // One pacing thread for the whole process; stopped on shutdown after the relay (which depends on it).
    @Bean(destroyMethod = "close")
    PacingClock mediaPacingClock() {
        return new PacingClock();
    }

    @Bean(destroyMethod = "close")
    UdpMediaRelay mediaRelay(MediaProperties properties, PacingClock mediaPacingClock) {
        return new UdpMediaRelay(properties, mediaPacingClock);
    }
}
