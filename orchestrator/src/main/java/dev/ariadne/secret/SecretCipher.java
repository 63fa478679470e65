package dev.ariadne.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for secrets at rest, under one of several keys. Stored form: a header naming the key (3 magic
 * bytes, the id's length, the id), a 12-byte random nonce, then the ciphertext with its 16-byte tag. Secrets
 * written before keys had ids have no header (nonce first) and are tried against every key: the GCM tag tells
 * the right one. The associated data binds a ciphertext to its row (e.g. the trunk id), so it cannot be moved to
 * another. New secrets are written under the active key.
 */
public final class SecretCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] MAGIC = {'a', 'k', 1};
    private final Map<String, SecretKey> keys = new LinkedHashMap<>();
    private final String activeId;
    private final SecureRandom random = new SecureRandom();

    /** A key: its id (letters, digits, {@code -_.}, at most 32) and its 32 bytes. */
    public record Key(String id, byte[] material) {
        public Key {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(material, "material");
            if (!id.matches("[A-Za-z0-9._-]{1,32}")) {
                throw new IllegalArgumentException("a secrets key id must be 1-32 letters, digits, '.', '_' or '-': '"
                        + id + "'");
            }
            if (material.length != 32) {
                throw new IllegalArgumentException("secrets key '" + id + "' must be 32 bytes (base64), was "
                        + material.length);
            }
            material = material.clone();
        }

        public static Key base64(String id, String base64) {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(base64.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("secrets key '" + id + "' is not base64", e);
            }
            return new Key(id, raw);
        }
    }

    public SecretCipher(List<Key> keys, String activeId) {
        Objects.requireNonNull(keys, "keys");
        for (Key k : keys) {
            if (this.keys.put(k.id(), new SecretKeySpec(k.material(), "AES")) != null) {
                throw new IllegalArgumentException("secrets key id '" + k.id() + "' is configured twice");
            }
        }
        if (!this.keys.containsKey(activeId)) {
            throw new IllegalArgumentException("the active secrets key '" + activeId + "' is not among the keys "
                    + this.keys.keySet());
        }
        this.activeId = activeId;
    }

    /** One key, id {@value SecretsProperties#LEGACY_ID}: what {@code ariadne.secrets.key} alone gives. */
    public SecretCipher(byte[] rawKey) {
        this(List.of(new Key(SecretsProperties.LEGACY_ID, rawKey)), SecretsProperties.LEGACY_ID);
    }

    public static SecretCipher fromBase64(String base64) {
        Key k = Key.base64(SecretsProperties.LEGACY_ID, base64);
        return new SecretCipher(List.of(k), k.id());
    }

    public static byte[] randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    public String activeKeyId() {
        return activeId;
    }

    public java.util.Set<String> keyIds() {
        return java.util.Collections.unmodifiableSet(keys.keySet());
    }

    public byte[] encrypt(String plaintext, String associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] id = activeId.getBytes(StandardCharsets.US_ASCII);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.get(activeId), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] header = ByteBuffer.allocate(MAGIC.length + 1 + id.length).put(MAGIC).put((byte) id.length).put(id)
                    .array();
            // The header is authenticated too: a ciphertext cannot be relabelled with another key's id.
            c.updateAAD(header);
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(header.length + NONCE_BYTES + ct.length).put(header).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /**
     * The id of the key a stored secret names, or null for one written before keys had ids. The header is only
     * trusted as far as it parses; {@link #decrypt} falls back to the headerless form if it does not decrypt.
     */
    public static String keyIdOf(byte[] stored) {
        if (stored.length < MAGIC.length + 1 || stored[0] != MAGIC[0] || stored[1] != MAGIC[1] || stored[2] != MAGIC[2]) {
            return null;
        }
        int len = stored[3] & 0xff;
        if (len < 1 || len > 32 || stored.length < 4 + len + NONCE_BYTES + TAG_BITS / 8) {
            return null;
        }
        String id = new String(stored, 4, len, StandardCharsets.US_ASCII);
        return id.matches("[A-Za-z0-9._-]{1,32}") ? id : null;
    }

    /** Whether the secret is stored under the active key (nothing to re-encrypt). */
    public boolean isUnderActiveKey(byte[] stored) {
        return activeId.equals(keyIdOf(stored));
    }

    public String decrypt(byte[] stored, String associatedData) {
        Objects.requireNonNull(stored, "stored");
        byte[] aad = associatedData.getBytes(StandardCharsets.UTF_8);
        String id = keyIdOf(stored);
        if (id != null) {
            SecretKey key = keys.get(id);
            int offset = 4 + id.length();
            String pt = key == null ? null : tryDecrypt(key, stored, offset, stored, aad);
            if (pt != null) {
                return pt;
            }
            if (key == null && headerless(stored, aad) == null) {
                throw new IllegalStateException("a stored secret names secrets key '" + id
                        + "', which is not configured (ariadne.secrets.keys holds " + keys.keySet() + ")");
            }
        }
        String pt = headerless(stored, aad);
        if (pt == null) {
            // Wrong key (e.g. ariadne.secrets.key changed) or tampered data; never include the bytes.
            throw new IllegalStateException("a stored secret could not be decrypted with any configured key "
                    + keys.keySet() + " (wrong ariadne.secrets.key?)");
        }
        return pt;
    }

    private String headerless(byte[] stored, byte[] aad) {
        for (SecretKey key : keys.values()) {
            String pt = tryDecrypt(key, stored, 0, stored, aad);
            if (pt != null) {
                return pt;
            }
        }
        return null;
    }

    /** {@code offset} is the header's length (0 for the headerless form); the header is authenticated data. */
    private static String tryDecrypt(SecretKey key, byte[] stored, int offset, byte[] header, byte[] aad) {
        if (stored.length < offset + NONCE_BYTES + TAG_BITS / 8) {
            return null;
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, offset, NONCE_BYTES));
            if (offset > 0) {
                c.updateAAD(header, 0, offset);
            }
            c.updateAAD(aad);
            byte[] pt = c.doFinal(stored, offset + NONCE_BYTES, stored.length - offset - NONCE_BYTES);
            return new String(pt, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed", e);
        }
    }
}
