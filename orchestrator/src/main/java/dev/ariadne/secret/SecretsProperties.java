package dev.ariadne.secret;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Encryption of secrets at rest (trunk passwords, agent tokens).
 *
 * @param key base64 of a 32-byte AES key (env {@code ARIADNE_SECRETS_KEY}). Default: none, in which case a
 *     random key is made at startup and a warning logged: secrets stored in one run cannot be read in the
 *     next. Set it for any database that outlives the process.
 */
@ConfigurationProperties("ariadne.secrets")
public record SecretsProperties(String key) {}
