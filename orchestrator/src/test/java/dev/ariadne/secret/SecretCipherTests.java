package dev.ariadne.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SecretCipherTests {
    static final byte[] A = bytes(1);
    static final byte[] B = bytes(2);

    @Test
    void aSecretNamesTheKeyItWasWrittenUnderAndAnyCipherHoldingThatKeyReadsIt() {
        SecretCipher old = new SecretCipher(List.of(new SecretCipher.Key("2026-01", A)), "2026-01");
        byte[] stored = old.encrypt("trunk-pw", "row-1");
        assertThat(SecretCipher.keyIdOf(stored)).isEqualTo("2026-01");

        SecretCipher rotated = new SecretCipher(
                List.of(new SecretCipher.Key("2026-01", A), new SecretCipher.Key("2026-12", B)), "2026-12");
        assertThat(rotated.decrypt(stored, "row-1")).isEqualTo("trunk-pw");
        assertThat(rotated.isUnderActiveKey(stored)).isFalse();
        byte[] fresh = rotated.encrypt("trunk-pw", "row-1");
        assertThat(SecretCipher.keyIdOf(fresh)).isEqualTo("2026-12");
        assertThat(rotated.isUnderActiveKey(fresh)).isTrue();
    }

    @Test
    void aSecretWrittenBeforeKeysHadIdsIsReadWithWhicheverKeyFits() throws Exception {
        byte[] legacy = legacyEncrypt(A, "agent-token", "row-2");
        assertThat(SecretCipher.keyIdOf(legacy)).isNull();
        SecretCipher rotated = new SecretCipher(
                List.of(new SecretCipher.Key("new", B), new SecretCipher.Key(SecretsProperties.LEGACY_ID, A)), "new");
        assertThat(rotated.decrypt(legacy, "row-2")).isEqualTo("agent-token");
        assertThat(rotated.isUnderActiveKey(legacy)).isFalse();
    }

    @Test
    void aMissingOrWrongKeyFailsWithAMessageAndNeverGarbledText() {
        byte[] stored = new SecretCipher(List.of(new SecretCipher.Key("k1", A)), "k1").encrypt("s", "row");
        SecretCipher other = new SecretCipher(List.of(new SecretCipher.Key("k2", B)), "k2");
        assertThatThrownBy(() -> other.decrypt(stored, "row"))
                .hasMessageContaining("names secrets key 'k1', which is not configured");
        SecretCipher wrong = new SecretCipher(List.of(new SecretCipher.Key("k1", B)), "k1");
        assertThatThrownBy(() -> wrong.decrypt(stored, "row")).hasMessageContaining("could not be decrypted");
        SecretCipher right = new SecretCipher(List.of(new SecretCipher.Key("k1", A)), "k1");
        assertThatThrownBy(() -> right.decrypt(stored, "another-row")).hasMessageContaining("could not be decrypted");
    }

    @Test
    void aCiphertextRelabelledWithAnotherKeysIdDoesNotDecrypt() {
        SecretCipher both = new SecretCipher(List.of(new SecretCipher.Key("k1", A), new SecretCipher.Key("k2", A)), "k1");
        byte[] stored = both.encrypt("s", "row");
        byte[] relabelled = stored.clone();
        relabelled[5] = '2'; // "k1" -> "k2": same key material, but the header is authenticated
        assertThat(SecretCipher.keyIdOf(relabelled)).isEqualTo("k2");
        assertThatThrownBy(() -> both.decrypt(relabelled, "row")).hasMessageContaining("could not be decrypted");
        assertThat(both.decrypt(stored, "row")).isEqualTo("s");
    }

    @Test
    void badKeySettingsAreNamed() {
        assertThatThrownBy(() -> new SecretCipher(List.of(new SecretCipher.Key("a", A)), "b"))
                .hasMessageContaining("active secrets key 'b'");
        assertThatThrownBy(() -> SecretCipher.Key.base64("k", "c2hvcnQ=")).hasMessageContaining("must be 32 bytes");
        assertThatThrownBy(() -> new SecretCipher.Key("no spaces", A)).hasMessageContaining("key id");
    }

    /** The stored form before keys had ids: nonce, then ciphertext and tag. */
    static byte[] legacyEncrypt(byte[] key, String plaintext, String aad) throws Exception {
        byte[] nonce = new byte[12];
        nonce[0] = 7;
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
        byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(12 + ct.length).put(nonce).put(ct).array();
    }

    static byte[] bytes(int seed) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }
}
