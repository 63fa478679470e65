package dev.ariadne.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The startup check and the re-encryption over the real tables (embedded PostgreSQL, every migration). */
@ApiTest
class StoredSecretsTests {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    WebTestClient web;

    @Autowired
    DatabaseClient db;

    @Autowired
    SecretsProperties configured;

    @Test
    void rotationRewritesEverySecretUnderTheNewKeyAndTheOldKeyAloneThenCannotStart() {
        Api api = new Api(web);
        String key = api.tenant("pro");
        String trunkId = api.trunk(key, "rotating");
        api.agent(key, "rotating-agent");
        String k2 = Base64.getEncoder().encodeToString(SecretCipherTests.bytes(9));
        SecretsProperties rotatedProps = new SecretsProperties(configured.key(),
                List.of(new SecretsProperties.KeyEntry("k2", k2)), "k2", false);
        SecretCipher rotated = new SecretCipher(rotatedProps.cipherKeys(), "k2");
        StoredSecrets withK2 = new StoredSecrets(db, rotated, rotatedProps);
        try {
            assertThat(withK2.check().block(WAIT)).containsKeys("ariadne.trunks.password_enc",
                    "ariadne.agents.token_enc", "ariadne.agents.signing_secret_enc");
            StoredSecrets.Reencrypted first = withK2.reencrypt().block(WAIT);
            assertThat(first.rewritten()).isGreaterThanOrEqualTo(3);
            byte[] stored = db.sql("SELECT password_enc FROM ariadne.trunks WHERE id = CAST(:id AS uuid)")
                    .bind("id", trunkId).map(r -> r.get("password_enc", byte[].class)).one().block(WAIT);
            assertThat(SecretCipher.keyIdOf(stored)).isEqualTo("k2");
            assertThat(rotated.decrypt(stored, trunkId)).isEqualTo(Api.trunkBody("x").get("password"));
            assertThat(withK2.reencrypt().block(WAIT).rewritten()).as("a second pass has nothing to do").isZero();

            // The application as configured (the old key only) must now refuse to start, naming the column.
            StoredSecrets withOldKeyOnly = new StoredSecrets(db, new SecretCipher(configured.cipherKeys(),
                    SecretsProperties.LEGACY_ID), configured);
            assertThatThrownBy(() -> withOldKeyOnly.check().block(WAIT))
                    .hasMessageContaining("ariadne.trunks.password_enc")
                    .hasMessageContaining("names secrets key 'k2', which is not configured");
            StoredSecrets withoutKey = new StoredSecrets(db, new SecretCipher(SecretCipher.randomKey()),
                    new SecretsProperties(null));
            assertThatThrownBy(() -> withoutKey.check().block(WAIT))
                    .hasMessageContaining("ariadne.secrets.key is not set, but ariadne.trunks.password_enc holds");
        } finally {
            // Back under the configured key, for the other tests sharing this database.
            SecretsProperties back = new SecretsProperties(configured.key(),
                    List.of(new SecretsProperties.KeyEntry("k2", k2)), SecretsProperties.LEGACY_ID, false);
            new StoredSecrets(db, new SecretCipher(back.cipherKeys(), SecretsProperties.LEGACY_ID), back)
                    .reencrypt().block(WAIT);
        }
        api.get(key, "/api/v1/trunks/" + trunkId).expectStatus().isOk();
        assertThat(new StoredSecrets(db, new SecretCipher(configured.cipherKeys(), SecretsProperties.LEGACY_ID),
                configured).check().block(WAIT)).isInstanceOf(Map.class);
    }
}
