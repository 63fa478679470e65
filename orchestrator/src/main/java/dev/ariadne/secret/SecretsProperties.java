package dev.ariadne.secret;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Encryption of secrets at rest (trunk passwords, agent tokens and signing secrets, Twilio auth tokens).
 *
 * @param key base64 of a 32-byte AES key (env {@code ARIADNE_SECRETS_KEY}); its id is {@value #LEGACY_ID}. Default:
 *     none. With neither this nor {@code keys}, a random key is made at startup with a warning, and only if the
 *     database holds no encrypted secret yet: otherwise startup fails, since they could not be read
 * @param keys several keys for rotation, each {@code id} (1-32 letters, digits, {@code .-_}) and {@code key}
 *     (base64 of 32 bytes), e.g. {@code ariadne.secrets.keys[0].id=2026-12}; default none. {@code key}, if also
 *     set, is one more with id {@value #LEGACY_ID}
 * @param activeKey the id new secrets are written under; default the last of {@code keys}, else {@value #LEGACY_ID}
 * @param reencrypt true: at startup, rewrite every stored secret that is not under the active key, print the
 *     counts, and exit (a command, not a mode to leave on); default false
 */
@ConfigurationProperties("ariadne.secrets")
public record SecretsProperties(String key, List<KeyEntry> keys, String activeKey, boolean reencrypt) {
    public static final String LEGACY_ID = "default";

    @ConstructorBinding
    public SecretsProperties {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** The settings with only the single key (tests, tools). */
    public SecretsProperties(String key) {
        this(key, List.of(), null, false);
    }

    /** One configured key. */
    public record KeyEntry(String id, String key) {}

    boolean anyKey() {
        return (key != null && !key.isBlank()) || !keys.isEmpty();
    }

    /** The configured keys, the single {@code key} first; fails naming a malformed entry. */
    List<SecretCipher.Key> cipherKeys() {
        java.util.ArrayList<SecretCipher.Key> out = new java.util.ArrayList<>();
        if (key != null && !key.isBlank()) {
            out.add(SecretCipher.Key.base64(LEGACY_ID, key));
        }
        for (int i = 0; i < keys.size(); i++) {
            KeyEntry e = keys.get(i);
            if (e == null || e.id() == null || e.key() == null) {
                throw new IllegalArgumentException("ariadne.secrets.keys[" + i + "] needs an id and a key");
            }
            out.add(SecretCipher.Key.base64(e.id(), e.key()));
        }
        return out;
    }

    String activeKeyId() {
        if (activeKey != null && !activeKey.isBlank()) {
            return activeKey;
        }
        return keys.isEmpty() ? LEGACY_ID : keys.getLast().id();
    }
}
