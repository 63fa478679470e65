package dev.ariadne.secret;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SecretConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SecretConfiguration.class);

    @Bean
    SecretCipher secretCipher(SecretsProperties props) {
        if (!props.anyKey()) {
            log.warn("ariadne.secrets.key is not set: using a random key for this run only; "
                    + "secrets stored now cannot be read after a restart. Set ARIADNE_SECRETS_KEY.");
            return new SecretCipher(SecretCipher.randomKey());
        }
        SecretCipher cipher = new SecretCipher(props.cipherKeys(), props.activeKeyId());
        log.info("secrets at rest: keys {}, new secrets under '{}'", cipher.keyIds(), cipher.activeKeyId());
        return cipher;
    }
}
