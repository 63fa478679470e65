package dev.ariadne.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.support.ApiTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;

/** The registrar lease between two nodes on one real PostgreSQL, and the view Asterisk reads through it. */
@ApiTest
class RegistrarLeaseTests {
    private static final Duration T = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @Autowired
    DatabaseClient db;

    @Value("${ariadne.embedded-postgres.actual-port}")
    int port;

    @BeforeEach
    void noLease() {
        // The application under test has ARI off, so its own node never competes; earlier tests' leases go.
        db.sql("DELETE FROM ariadne.cluster_leases").fetch().rowsUpdated().block(T);
    }

    @Test
    void theLeaseMovesToTheOtherNodeOnceItsHolderStopsRenewing() {
        String nodeB = Nodes.id("b");
        RegistrarLease a = lease(Nodes.id("a"), () -> true);
        RegistrarLease b = lease(nodeB, () -> true);
        List<Boolean> aChanges = new CopyOnWriteArrayList<>();
        List<Boolean> bChanges = new CopyOnWriteArrayList<>();
        a.changes().subscribe(aChanges::add);
        b.changes().subscribe(bChanges::add);

        assertThat(a.renew().block(T)).isTrue();
        assertThat(b.renew().block(T)).isFalse();
        assertThat(a.renew().block(T)).isTrue(); // the holder renews

        // a stops renewing (its node died); b takes the lease once it has expired, not before.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> b.renew().block(T));
        assertThat(a.renew().block(T)).isFalse();
        assertThat(aChanges).containsExactly(true, false);
        assertThat(bChanges).containsExactly(true);
        assertThat(holder()).isEqualTo(nodeB);
    }

    @Test
    void aNodeWhoseAsteriskIsDisconnectedGivesTheLeaseUp() {
        AtomicBoolean asteriskUp = new AtomicBoolean(true);
        RegistrarLease a = lease(Nodes.id("a"), asteriskUp::get);
        RegistrarLease b = lease(Nodes.id("b"), () -> true);
        assertThat(a.renew().block(T)).isTrue();

        asteriskUp.set(false);
        assertThat(a.renew().block(T)).isFalse();
        assertThat(a.held()).isFalse();

        assertThat(b.renew().block(T)).isTrue(); // at once: released, not left to expire
    }

    @Test
    void theViewShowsRegistrationsOnlyToTheHoldersAsterisk() throws SQLException {
        String nodeA = Nodes.id("a");
        String nodeB = Nodes.id("b");
        String reg = nodeA + "-reg";
        db.sql("INSERT INTO asterisk.ps_registrations (id, server_uri, client_uri) VALUES (:id, 'sip:c.example',"
                + " 'sip:u@c.example')").bind("id", reg).fetch().rowsUpdated().block(T);
        try {
            assertThat(lease(nodeA, () -> true).renew().block(T)).isTrue();
            assertThat(registrationsSeenBy("asterisk-" + nodeA)).contains(reg);
            assertThat(registrationsSeenBy("asterisk-" + nodeB)).isEmpty();

            db.sql("UPDATE ariadne.cluster_leases SET expires_at = now()").fetch().rowsUpdated().block(T);
            assertThat(lease(nodeB, () -> true).renew().block(T)).isTrue();
            assertThat(registrationsSeenBy("asterisk-" + nodeA)).isEmpty();
            assertThat(registrationsSeenBy("asterisk-" + nodeB)).contains(reg);
        } finally {
            db.sql("DELETE FROM asterisk.ps_registrations WHERE id = :id").bind("id", reg).fetch().rowsUpdated().block(T);
        }
    }

    private RegistrarLease lease(String node, java.util.function.BooleanSupplier eligible) {
        return new RegistrarLease(db, Nodes.props(node, Duration.ofMillis(200), TIMEOUT), eligible);
    }

    private String holder() {
        return db.sql("SELECT holder FROM ariadne.cluster_leases WHERE name = 'registrar'")
                .map(r -> r.get("holder", String.class)).one().block(T);
    }

    /** As Asterisk connects: its own role, application_name = asterisk-<instance>, the table name without schema. */
    private List<String> registrationsSeenBy(String applicationName) throws SQLException {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=asterisk&password=asterisk&ApplicationName="
                + applicationName;
        try (Connection c = DriverManager.getConnection(url);
                var result = c.createStatement().executeQuery("SELECT id FROM ps_registrations_cluster")) {
            List<String> ids = new ArrayList<>();
            while (result.next()) {
                ids.add(result.getString(1));
            }
            return ids;
        }
    }
}
