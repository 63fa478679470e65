package dev.ariadne.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The master changelog on a real PostgreSQL: Asterisk's schema, Asterisk's role, and what it may touch. */
class MigrationsTests {

    private static final List<String> PJSIP_TABLES = List.of("ps_aors", "ps_auths", "ps_contacts",
            "ps_domain_aliases", "ps_endpoint_id_ips", "ps_endpoints", "ps_globals", "ps_registrations",
            "ps_systems", "ps_transports");

    private static EmbeddedPostgres postgres;
    private static DataSource admin;

    @BeforeAll
    static void migrate() throws Exception {
        postgres = EmbeddedPostgres.start();
        Sql.execute(postgres.getPostgresDatabase(), "CREATE DATABASE ariadne");
        admin = postgres.getDatabase("postgres", "ariadne");
        Changelogs.update(admin, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void createsEveryPjsipTableInSchemaAsterisk() throws SQLException {
        List<List<String>> tables = Sql.rows(admin, """
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = 'asterisk' AND table_type = 'BASE TABLE' ORDER BY table_name""");
        assertThat(tables).extracting(row -> row.get(0)).containsExactlyElementsOf(PJSIP_TABLES);
    }

    @Test
    void givesPjsipColumnsAsterisk22sNamesAndTypes() throws SQLException {
        // table, column, udt_name, character_maximum_length, is_nullable
        assertColumn("ps_endpoints", "id", "varchar", "255", "NO");
        assertColumn("ps_endpoints", "aors", "varchar", "2048", "YES");
        assertColumn("ps_endpoints", "dtmf_mode", "pjsip_dtmf_mode_values_v3", null, "YES");
        assertColumn("ps_endpoints", "100rel", "pjsip_100rel_values_v2", null, "YES");
        assertColumn("ps_endpoints", "direct_media", "ast_bool_values", null, "YES");
        assertColumn("ps_endpoints", "media_encryption", "pjsip_media_encryption_values", null, "YES");
        assertColumn("ps_endpoints", "identify_by", "varchar", "80", "YES");
        assertColumn("ps_endpoints", "set_var", "text", null, "YES");
        assertColumn("ps_endpoints", "rtp_port_end", "int4", null, "YES");
        assertColumn("ps_aors", "max_contacts", "int4", null, "YES");
        assertColumn("ps_aors", "qualify_timeout", "float8", null, "YES");
        assertColumn("ps_auths", "auth_type", "pjsip_auth_type_values_v2", null, "YES");
        assertColumn("ps_auths", "password", "varchar", "80", "YES");
        assertColumn("ps_contacts", "uri", "varchar", "511", "YES");
        assertColumn("ps_contacts", "expiration_time", "int8", null, "YES");
        assertColumn("ps_endpoint_id_ips", "match", "varchar", "80", "YES");
        assertColumn("ps_domain_aliases", "domain", "varchar", "255", "YES");
        assertColumn("ps_registrations", "server_uri", "varchar", "255", "YES");
        assertColumn("ps_transports", "protocol", "pjsip_transport_protocol_values_v2", null, "YES");
        assertColumn("ps_transports", "tcp_keepalive_enable", "bool", null, "YES");
        assertColumn("ps_systems", "timer_t1", "int4", null, "YES");
        assertColumn("ps_globals", "id", "varchar", "40", "NO");
        assertThat(Sql.value(admin, """
                SELECT count(*) FROM information_schema.columns
                WHERE table_schema = 'asterisk' AND table_name = 'ps_endpoints'"""))
                .isEqualTo("147");
    }

    private static void assertColumn(String table, String column, String type, String length, String nullable)
            throws SQLException {
        assertThat(Sql.rows(admin, """
                SELECT udt_schema || '.' || udt_name, character_maximum_length::text, is_nullable
                FROM information_schema.columns
                WHERE table_schema = 'asterisk' AND table_name = ? AND column_name = ?""", table, column))
                .as("%s.%s", table, column)
                .containsExactly(Arrays.asList(
                        (type.startsWith("pjsip") || type.startsWith("ast_") ? "asterisk." : "pg_catalog.") + type,
                        length, nullable));
    }

    @Test
    void createsAsterisksEnumTypesWithAsterisksValuesInOrder() throws SQLException {
        assertThat(enumValues("pjsip_dtmf_mode_values_v3"))
                .containsExactly("rfc4733", "inband", "info", "auto", "auto_info");
        assertThat(enumValues("ast_bool_values"))
                .containsExactly("0", "1", "off", "on", "false", "true", "no", "yes");
        assertThat(enumValues("pjsip_transport_protocol_values_v2"))
                .containsExactly("udp", "tcp", "tls", "ws", "wss", "flow");
        assertThat(enumValues("pjsip_media_encryption_values")).containsExactly("no", "sdes", "dtls");
        assertThat(Sql.value(admin, """
                SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = 'asterisk' AND t.typtype = 'e'""")).isEqualTo("19");
    }

    private static List<String> enumValues(String type) throws SQLException {
        return Sql.rows(admin, """
                SELECT e.enumlabel FROM pg_enum e
                JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
                WHERE n.nspname = 'asterisk' AND t.typname = ? ORDER BY e.enumsortorder""", type)
                .stream().map(row -> row.get(0)).toList();
    }

    @Test
    void asteriskRoleLogsInWithAPasswordAndFindsTablesByPlainName() throws SQLException {
        assertThat(Sql.rows(admin, """
                SELECT rolcanlogin::text, (rolpassword IS NOT NULL)::text, rolsuper::text
                FROM pg_authid WHERE rolname = 'asterisk'""")).containsExactly(List.of("true", "true", "false"));
        Sql.execute(admin, "INSERT INTO asterisk.ps_endpoints (id, context) VALUES ('trunk-a', 'ariadne')");
        DataSource asterisk = postgres.getDatabase("asterisk", "ariadne");
        // Stock Asterisk queries "ps_endpoints" without a schema; the role's search_path resolves it.
        assertThat(Sql.value(asterisk, "SELECT context FROM ps_endpoints WHERE id = 'trunk-a'"))
                .isEqualTo("ariadne");
        for (String table : PJSIP_TABLES) {
            assertThat(Sql.rows(asterisk, "SELECT * FROM " + table)).as(table).isNotNull();
        }
    }

    @Test
    void asteriskRoleWritesContactsButNoOtherPjsipTable() throws SQLException {
        DataSource asterisk = postgres.getDatabase("asterisk", "ariadne");
        Sql.execute(asterisk, """
                INSERT INTO ps_contacts (id, uri, expiration_time, endpoint, prune_on_boot)
                VALUES ('trunk-b;@1', 'sip:trunk-b@127.0.0.1:5070', 1999999999, 'trunk-b', 'yes')""");
        Sql.execute(asterisk, "UPDATE ps_contacts SET qualify_frequency = 60 WHERE id = 'trunk-b;@1'");
        Sql.execute(asterisk, "DELETE FROM ps_contacts WHERE id = 'trunk-b;@1'");
        assertThatThrownBy(() -> Sql.execute(asterisk, "INSERT INTO ps_endpoints (id) VALUES ('x')"))
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        assertThatThrownBy(() -> Sql.execute(asterisk, "DELETE FROM ps_auths"))
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
    }

    @Test
    void asteriskRoleIsRefusedOnTheApplicationSchema() {
        DataSource asterisk = postgres.getDatabase("asterisk", "ariadne");
        assertThatThrownBy(() -> Sql.rows(asterisk, "SELECT * FROM ariadne.trunks"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("permission denied")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        assertThatThrownBy(() -> Sql.rows(asterisk, "SELECT * FROM ariadne.tenants"))
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
    }

    @Test
    void changelogParametersNameTheRoleAndItsPassword() throws Exception {
        Sql.execute(postgres.getPostgresDatabase(), "CREATE DATABASE pbx_params");
        DataSource db = postgres.getDatabase("postgres", "pbx_params");
        Changelogs.update(db, Map.of("asteriskDbUser", "pbx_reader", "asteriskDbPassword", "s3cret"));

        assertThat(Sql.value(db, "SELECT rolcanlogin::text FROM pg_roles WHERE rolname = 'pbx_reader'"))
                .isEqualTo("true");
        // PostgreSQL 18 stores SCRAM verifiers; the salted hash proves a password was set, not which.
        assertThat(Sql.value(db, "SELECT rolpassword FROM pg_authid WHERE rolname = 'pbx_reader'"))
                .startsWith("SCRAM-SHA-256$");
        assertThat(Sql.value(db, "SELECT has_table_privilege('pbx_reader', 'asterisk.ps_endpoints', 'SELECT')::text"))
                .isEqualTo("true");
        assertThat(Sql.value(db, "SELECT has_schema_privilege('pbx_reader', 'ariadne', 'USAGE')::text"))
                .isEqualTo("false");
        assertThat(Sql.value(postgres.getDatabase("pbx_reader", "pbx_params"), "SHOW search_path"))
                .isEqualTo("asterisk");
    }

    @Test
    void keepsARoleThatExistedBeforeAndItsPassword() throws Exception {
        Sql.execute(postgres.getPostgresDatabase(), "CREATE DATABASE pbx_existing");
        Sql.execute(postgres.getPostgresDatabase(), "CREATE ROLE pbx_existing LOGIN PASSWORD 'operators'");
        String before = Sql.value(admin, "SELECT rolpassword FROM pg_authid WHERE rolname = 'pbx_existing'");
        DataSource db = postgres.getDatabase("postgres", "pbx_existing");
        Map<String, String> parameters = Map.of("asteriskDbUser", "pbx_existing", "asteriskDbPassword", "other");

        Changelogs.update(db, parameters);
        assertThat(Sql.value(db, "SELECT rolpassword FROM pg_authid WHERE rolname = 'pbx_existing'"))
                .isEqualTo(before);
        assertThat(Sql.value(db, "SELECT has_table_privilege('pbx_existing', 'asterisk.ps_contacts', 'DELETE')::text"))
                .isEqualTo("true");

        Changelogs.rollback(db, Changelogs.appliedChangesets(db), parameters);
        assertThat(Sql.value(db, "SELECT count(*) FROM pg_roles WHERE rolname = 'pbx_existing'")).isEqualTo("1");
    }
}
