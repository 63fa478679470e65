package dev.ariadne;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Ariadne orchestrator: REST API, trunk provisioning, ARI call control and the media relay. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AriadneApplication {

    public static void main(String[] args) {
        SpringApplication.run(AriadneApplication.class, args);
    }
}
