package dev.ariadne.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** NOTIFY ariadne_pjsip between two listening nodes on one real PostgreSQL. */
@ApiTest
class PjsipBroadcastTests {
    private static final Duration T = Duration.ofSeconds(30);

    @Autowired
    DatabaseClient db;
    @Autowired
    ConnectionFactory connections;
    @Autowired
    TransactionalOperator tx;
    @Autowired
    ClusterProperties appProps;
    @Autowired
    WebTestClient web;

    PjsipBroadcast a;
    PjsipBroadcast b;
    List<String> heardByA = new CopyOnWriteArrayList<>();
    List<String> heardByB = new CopyOnWriteArrayList<>();
    String nodeA = Nodes.id("a");
    String nodeB = Nodes.id("b");

    @BeforeEach
    void twoListeningNodes() {
        a = new PjsipBroadcast(db, connections, Nodes.props(nodeA));
        b = new PjsipBroadcast(db, connections, Nodes.props(nodeB));
        a.fromOtherNodes().subscribe(heardByA::add);
        b.fromOtherNodes().subscribe(heardByB::add);
        a.start();
        b.start();
        a.listens().blockFirst(T);
        b.listens().blockFirst(T);
    }

    @AfterEach
    void stop() {
        a.stop();
        b.stop();
    }

    @Test
    void aChangeAnnouncedByOneNodeIsHeardByTheOtherOnly() {
        a.announce().block(T);
        await().atMost(T).until(() -> heardByB.contains(nodeA));
        b.announce().block(T);
        await().atMost(T).until(() -> heardByA.contains(nodeB));

        assertThat(heardByA).doesNotContain(nodeA);
        assertThat(heardByB).doesNotContain(nodeB);
    }

    @Test
    void aRolledBackChangeIsNeverAnnounced() {
        String nodeC = Nodes.id("c");
        PjsipBroadcast c = new PjsipBroadcast(db, connections, Nodes.props(nodeC));
        c.announce().then(Mono.error(new IllegalStateException("rolled back"))).as(tx::transactional)
                .onErrorComplete().block(T);
        a.announce().as(tx::transactional).block(T);

        // Notifications arrive in commit order: a's, committed after c's rollback, arrives; c's never did.
        await().atMost(T).until(() -> heardByB.contains(nodeA));
        assertThat(heardByB).doesNotContain(nodeC);
    }

    @Test
    void aTrunkCreatedThroughTheApiIsAnnouncedToTheOtherNodes() {
        Api api = new Api(web);
        String key = api.tenant("pro");
        api.create(key, "/api/v1/trunks", Api.trunkBody("broadcast"));

        await().atMost(T).until(() -> heardByB.contains(appProps.nodeId()));
    }

    @Test
    void aListenerWhoseConnectionDropsReconnectsAndReportsAPossiblyMissedChange() {
        db.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN ariadne_pjsip'"
                        + " AND pid <> pg_backend_pid()")
                .fetch().rowsUpdated().block(T);

        await().atMost(T).until(() -> heardByB.contains("reconnected"));
        b.listens().filter(n -> n >= 2).blockFirst(T);
        a.listens().filter(n -> n >= 2).blockFirst(T);
        a.announce().block(T);
        await().atMost(T).until(() -> heardByB.contains(nodeA));
    }
}
