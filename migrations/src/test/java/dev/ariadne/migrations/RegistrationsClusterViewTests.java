package dev.ariadne.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code asterisk.ps_registrations_cluster}: ps_registrations as Asterisk's role sees it through the view, only on
 * the connection whose application_name is {@code asterisk-<holder of the live 'registrar' lease>}.
 */
class RegistrationsClusterViewTests {

    private static EmbeddedPostgres postgres;
    private static DataSource admin;

    @BeforeAll
    static void migrate() throws Exception {
        postgres = EmbeddedPostgres.start();
        Sql.execute(postgres.getPostgresDatabase(), "CREATE DATABASE ariadne");
        admin = postgres.getDatabase("postgres", "ariadne");
        Changelogs.update(admin, Map.of());
        Sql.execute(admin, """
                INSERT INTO asterisk.ps_registrations (id, server_uri, client_uri, line, endpoint)
                VALUES ('t1-reg', 'sip:carrier.example', 'sip:acme@carrier.example', 'yes', 't1-line')""");
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void noLease() throws SQLException {
        Sql.execute(admin, "DELETE FROM ariadne.cluster_leases");
    }

    @Test
    void hasExactlyTheColumnsOfPsRegistrations() throws SQLException {
        String columns = """
                SELECT string_agg(column_name || ' ' || udt_name, ',' ORDER BY ordinal_position)
                FROM information_schema.columns WHERE table_schema = 'asterisk' AND table_name = ?""";
        assertThat(Sql.value(admin, columns, "ps_registrations_cluster"))
                .isEqualTo(Sql.value(admin, columns, "ps_registrations"))
                .contains("server_uri varchar");
    }

    @Test
    void showsTheRegistrationsOnlyToTheLeaseHoldersAsterisk() throws SQLException {
        Sql.execute(admin, "INSERT INTO ariadne.cluster_leases VALUES ('registrar', 'node-a', now() + interval '10 s')");

        assertThat(registrationsSeenBy("asterisk-node-a")).containsExactly("t1-reg");
        assertThat(registrationsSeenBy("asterisk-node-b")).isEmpty();
        assertThat(registrationsSeenBy("node-a")).isEmpty();

        Sql.execute(admin, "UPDATE ariadne.cluster_leases SET holder = 'node-b'");
        assertThat(registrationsSeenBy("asterisk-node-a")).isEmpty();
        assertThat(registrationsSeenBy("asterisk-node-b")).containsExactly("t1-reg");
    }

    @Test
    void showsNothingOnceTheLeaseHasExpired() throws SQLException {
        Sql.execute(admin, "INSERT INTO ariadne.cluster_leases VALUES ('registrar', 'node-a', now() - interval '1 s')");
        assertThat(registrationsSeenBy("asterisk-node-a")).isEmpty();
        Sql.execute(admin, "DELETE FROM ariadne.cluster_leases");
        assertThat(registrationsSeenBy("asterisk-node-a")).isEmpty();
    }

    @Test
    void asteriskRoleStillCannotReadTheLeasesThemselves() {
        assertThatThrownBy(() -> query("asterisk-node-a", "SELECT holder FROM ariadne.cluster_leases"))
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
    }

    private static List<String> registrationsSeenBy(String applicationName) throws SQLException {
        // Stock Asterisk names the table without a schema; the role's search_path is asterisk.
        return query(applicationName, "SELECT id FROM ps_registrations_cluster ORDER BY id");
    }

    private static List<String> query(String applicationName, String sql) throws SQLException {
        String url = postgres.getJdbcUrl("asterisk", "ariadne") + "&password=asterisk&ApplicationName=" + applicationName;
        try (Connection c = DriverManager.getConnection(url);
                var result = c.createStatement().executeQuery(sql)) {
            List<String> ids = new ArrayList<>();
            while (result.next()) {
                ids.add(result.getString(1));
            }
            return ids;
        }
    }
}
