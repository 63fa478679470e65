package dev.ariadne.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A cluster of its own: the role is cluster-wide, and here no other database holds grants to it. */
class MigrationsRollbackTests {

    private EmbeddedPostgres postgres;
    private DataSource admin;

    @BeforeEach
    void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        admin = postgres.getPostgresDatabase();
    }

    @AfterEach
    void stop() throws Exception {
        postgres.close();
    }

    @Test
    void rollsEveryChangesetBackToAnEmptyDatabaseAndUpdatesAgain() throws Exception {
        Changelogs.update(admin, Map.of());
        int applied = Changelogs.appliedChangesets(admin);
        assertThat(applied).isGreaterThan(10);

        Changelogs.rollback(admin, applied, Map.of());

        assertThat(Changelogs.appliedChangesets(admin)).isZero();
        assertThat(Sql.value(admin, """
                SELECT count(*) FROM pg_namespace WHERE nspname IN ('asterisk', 'ariadne')""")).isEqualTo("0");
        assertThat(Sql.value(admin, "SELECT count(*) FROM pg_roles WHERE rolname = 'asterisk'")).isEqualTo("0");
        assertThat(Sql.value(admin, "SELECT count(*) FROM pg_db_role_setting")).isEqualTo("0");

        Changelogs.update(admin, Map.of());

        assertThat(Changelogs.appliedChangesets(admin)).isEqualTo(applied);
        assertThat(Sql.value(postgres.getDatabase("asterisk", "postgres"), "SELECT count(*) FROM ps_endpoints"))
                .isEqualTo("0");
    }

    @Test
    void updateKeepsTheRoleThatARolledBackDatabaseLeftBehind() throws Exception {
        // A role made for one database and still granted there survives the other's rollback, and
        // an update next to it finds the role present and only grants.
        Sql.execute(admin, "CREATE DATABASE other");
        DataSource other = postgres.getDatabase("postgres", "other");
        Changelogs.update(other, Map.of());
        Changelogs.update(admin, Map.of());

        Changelogs.rollback(admin, Changelogs.appliedChangesets(admin), Map.of());
        assertThat(Sql.value(admin, "SELECT count(*) FROM pg_roles WHERE rolname = 'asterisk'")).isEqualTo("1");

        Changelogs.update(admin, Map.of());
        assertThat(Sql.value(postgres.getDatabase("asterisk", "postgres"), "SELECT count(*) FROM ps_endpoints"))
                .isEqualTo("0");
        assertThat(Sql.value(postgres.getDatabase("asterisk", "other"), "SELECT count(*) FROM ps_endpoints"))
                .isEqualTo("0");
    }
}
