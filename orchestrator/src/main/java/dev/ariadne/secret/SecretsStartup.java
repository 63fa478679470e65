package dev.ariadne.secret;

import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At startup, after the migrations: the stored secrets must be readable with the configured keys, or the
 * application does not start (a clear message instead of garbled secrets on the first call). With
 * {@code ariadne.secrets.reencrypt=true} it then rewrites old secrets under the active key and exits.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecretsStartup implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(SecretsStartup.class);
    private final StoredSecrets secrets;
    private final SecretsProperties props;
    private final ConfigurableApplicationContext context;

    SecretsStartup(StoredSecrets secrets, SecretsProperties props, ConfigurableApplicationContext context) {
        this.secrets = secrets;
        this.props = props;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        // Startup, not a request path: blocking here is what holds the application back until it is safe.
        Map<String, Integer> counts = secrets.check().block(Duration.ofMinutes(5));
        log.info("stored secrets readable with the configured keys: {}", counts);
        if (props.reencrypt()) {
            StoredSecrets.Reencrypted r = secrets.reencrypt().block(Duration.ofHours(1));
            log.info("re-encryption done: {} rewritten, {} already under the active key, {} changed meanwhile (left"
                    + " as written)", r.rewritten(), r.alreadyActive(), r.changedMeanwhile());
            System.exit(SpringApplication.exit(context, () -> 0));
        }
    }
}
