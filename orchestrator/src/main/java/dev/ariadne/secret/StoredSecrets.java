package dev.ariadne.secret;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The secrets the database holds, checked against the configured keys at startup and re-encrypted under the
 * active key on request. Runs once at startup (not on a request path), so it may take its time over every row.
 */
@Component
public class StoredSecrets {
    private static final Logger log = LoggerFactory.getLogger(StoredSecrets.class);
    private final DatabaseClient db;
    private final SecretCipher cipher;
    private final SecretsProperties props;

    StoredSecrets(DatabaseClient db, SecretCipher cipher, SecretsProperties props) {
        this.db = db;
        this.cipher = cipher;
        this.props = props;
    }

    record Row(String key, byte[] stored) {}

    private Flux<Row> rows(SecretColumns.Column c) {
        return db.sql("SELECT " + c.keyColumn() + "::text AS k, " + c.column() + " AS v FROM " + c.table()
                        + " WHERE " + c.column() + " IS NOT NULL ORDER BY " + c.keyColumn())
                .map(r -> new Row(r.get("k", String.class), r.get("v", byte[].class)))
                .all();
    }

    /**
     * Fails with a message naming the setting when the stored secrets cannot be read: no key configured while
     * secrets exist, a secret naming a key that is not configured, or one that no configured key decrypts (one row
     * per column and key is decrypted; the others are only checked for their key's name).
     */
    public Mono<Map<String, Integer>> check() {
        return Flux.fromIterable(SecretColumns.ALL).concatMap(c -> rows(c).collectList().map(rows -> {
            if (!rows.isEmpty() && !props.anyKey()) {
                throw new IllegalStateException("ariadne.secrets.key is not set, but " + c.name() + " holds "
                        + rows.size() + " encrypted secret(s): set ARIADNE_SECRETS_KEY (or ariadne.secrets.keys) to"
                        + " the key they were written with; a random key would make them unreadable");
            }
            Map<String, Row> onePerKey = new LinkedHashMap<>();
            for (Row r : rows) {
                String id = SecretCipher.keyIdOf(r.stored());
                onePerKey.putIfAbsent(id == null ? "(no id)" : id, r);
            }
            for (Row r : onePerKey.values()) {
                try {
                    cipher.decrypt(r.stored(), c.aad().apply(r.key()));
                } catch (IllegalStateException e) {
                    throw new IllegalStateException("the secrets in " + c.name() + " cannot be read with the configured"
                            + " keys: " + e.getMessage(), e);
                }
            }
            return Map.entry(c.name(), rows.size());
        })).collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
    }

    /** Counts of one re-encryption pass. */
    public record Reencrypted(int rewritten, int alreadyActive, int changedMeanwhile) {}

    /**
     * Rewrites every secret not under the active key, row by row: each UPDATE is atomic and only applies if the row
     * still holds the ciphertext that was read (a secret changed meanwhile is left as the newer write made it).
     * Stopping half way loses nothing: run it again.
     */
    public Mono<Reencrypted> reencrypt() {
        int[] counts = new int[3];
        return Flux.fromIterable(SecretColumns.ALL).concatMap(c -> rows(c).collectList().flatMapMany(rows -> {
            List<Row> old = new ArrayList<>();
            for (Row r : rows) {
                if (cipher.isUnderActiveKey(r.stored())) {
                    counts[1]++;
                } else {
                    old.add(r);
                }
            }
            log.info("re-encrypting {}: {} of {} secret(s) not under key '{}'", c.name(), old.size(), rows.size(),
                    cipher.activeKeyId());
            return Flux.fromIterable(old).concatMap(r -> {
                String plain = cipher.decrypt(r.stored(), c.aad().apply(r.key()));
                byte[] fresh = cipher.encrypt(plain, c.aad().apply(r.key()));
                return db.sql("UPDATE " + c.table() + " SET " + c.column() + " = :fresh WHERE " + c.keyColumn()
                                + " = CAST(:k AS uuid) AND " + c.column() + " = :old")
                        .bind("fresh", fresh).bind("k", r.key()).bind("old", r.stored())
                        .fetch().rowsUpdated()
                        .doOnNext(n -> {
                            counts[n > 0 ? 0 : 2]++;
                            if ((counts[0] + counts[2]) % 100 == 0) {
                                log.info("re-encrypted {} secret(s) so far", counts[0]);
                            }
                        });
            });
        })).then(Mono.fromSupplier(() -> new Reencrypted(counts[0], counts[1], counts[2])));
    }
}
