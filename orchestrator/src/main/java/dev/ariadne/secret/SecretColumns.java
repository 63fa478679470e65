package dev.ariadne.secret;

import java.util.List;
import java.util.function.Function;

/**
 * Every encrypted column, with the row key and the associated data its secrets were encrypted with. A new
 * encrypted column must be listed here, or the startup check and the re-encryption will not know it.
 */
final class SecretColumns {
    private SecretColumns() {}

    /** {@code aad} turns the row key's text into the associated data the owning service uses. */
    record Column(String table, String keyColumn, String column, Function<String, String> aad) {
        String name() {
            return table + "." + column;
        }
    }

    static final List<Column> ALL = List.of(
            new Column("ariadne.trunks", "id", "password_enc", id -> id),
            new Column("ariadne.agents", "id", "token_enc", id -> id),
            new Column("ariadne.agents", "id", "signing_secret_enc", id -> id + ":signing-secret"),
            new Column("ariadne.twilio_accounts", "tenant_id", "auth_token_enc", id -> id),
            new Column("ariadne.webhooks", "id", "secret_enc", id -> id + ":webhook-secret"));
}
