package dev.ariadne.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.support.ApiTest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Call limits across two nodes (two CallSlots with their own node ids) on one real PostgreSQL. */
@ApiTest
class CallSlotsTests {
    private static final Duration T = Duration.ofSeconds(30);
    @Autowired
    DatabaseClient db;
    @Autowired
    TransactionalOperator tx;

    Nodes nodes;
    ClusterProperties a;
    ClusterProperties b;
    UUID tenant;

    @BeforeEach
    void twoLiveNodes() {
        nodes = new Nodes(db, tx);
        a = Nodes.props(Nodes.id("a"));
        b = Nodes.props(Nodes.id("b"));
        nodes.heartbeat(a).register().block(T);
        nodes.heartbeat(b).register().block(T);
        tenant = UUID.randomUUID();
    }

    @Test
    void theTenantLimitHoldsAcrossNodesUnderFiftyConcurrentAdmissions() {
        CallSlots onA = nodes.slots(a);
        CallSlots onB = nodes.slots(b);
        List<Optional<String>> outcomes = Flux.range(0, 50)
                .flatMap(i -> (i % 2 == 0 ? onA : onB).admit(UUID.randomUUID(), tenant, null, Integer.MAX_VALUE, 5)
                        .map(Optional::of).defaultIfEmpty(Optional.empty())
                        .subscribeOn(Schedulers.parallel()), 50)
                .collectList().block(T);

        assertThat(outcomes).filteredOn(Optional::isEmpty).hasSize(5);
        assertThat(outcomes).filteredOn(Optional::isPresent).hasSize(45)
                .allSatisfy(o -> assertThat(o).contains("tenant's tier allows 5 concurrent calls"));
        assertThat(nodes.slotsOf(a.nodeId()) + nodes.slotsOf(b.nodeId())).isEqualTo(5);
        assertThat(onB.usage(tenant).block(T).tenantCalls()).isEqualTo(5);
    }

    @Test
    void theTrunkLimitHoldsAcrossNodesAndIsCheckedBeforeTheTenants() {
        UUID trunk = UUID.randomUUID();
        List<Optional<String>> outcomes = Flux.range(0, 20)
                .flatMap(i -> nodes.slots(i % 2 == 0 ? a : b).admit(UUID.randomUUID(), tenant, trunk, 2, 10)
                        .map(Optional::of).defaultIfEmpty(Optional.empty()), 20)
                .collectList().block(T);

        assertThat(outcomes).filteredOn(Optional::isEmpty).hasSize(2);
        assertThat(outcomes).filteredOn(Optional::isPresent)
                .allSatisfy(o -> assertThat(o).contains("trunk is at its limit of 2 concurrent calls"));
        // Another trunk of the tenant still has room: the tenant is at 2 of 10.
        assertThat(nodes.slots(b).admit(UUID.randomUUID(), tenant, UUID.randomUUID(), 2, 10).blockOptional(T)).isEmpty();
        assertThat(nodes.slots(a).usage(tenant).block(T).onTrunk(trunk)).isEqualTo(2);
    }

    @Test
    void releasingACallFreesItsSlotForAnyNode() {
        UUID call = UUID.randomUUID();
        assertThat(nodes.slots(a).admit(call, tenant, null, 1, 1).blockOptional(T)).isEmpty();
        assertThat(nodes.slots(b).admit(UUID.randomUUID(), tenant, null, 1, 1).blockOptional(T))
                .contains("tenant's tier allows 1 concurrent calls");

        nodes.slots(a).release(call).block(T);

        assertThat(nodes.slots(b).admit(UUID.randomUUID(), tenant, null, 1, 1).blockOptional(T)).isEmpty();
    }

    @Test
    void aFailoverMovesTheSlotOnlyToATrunkWithRoomOnEveryNode() {
        UUID full = UUID.randomUUID();
        UUID free = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID call = UUID.randomUUID();
        assertThat(nodes.slots(b).admit(UUID.randomUUID(), tenant, full, 1, 10).blockOptional(T)).isEmpty();
        assertThat(nodes.slots(a).admit(call, tenant, first, 1, 10).blockOptional(T)).isEmpty();

        assertThat(nodes.slots(a).moveTo(call, tenant, full, 1).block(T)).isFalse();
        assertThat(nodes.slots(a).moveTo(call, tenant, free, 1).block(T)).isTrue();

        var usage = nodes.slots(b).usage(tenant).block(T);
        assertThat(usage.onTrunk(free)).isEqualTo(1);
        assertThat(usage.onTrunk(first)).isZero();
        assertThat(usage.tenantCalls()).isEqualTo(2);
        nodes.slots(a).leaveTrunk(call).block(T);
        assertThat(nodes.slots(b).usage(tenant).block(T).onTrunk(free)).isZero();
    }

    @Test
    void aDeadNodesSlotsStopCountingAfterTheTimeoutAndAreDeleted() {
        Duration timeout = Duration.ofSeconds(1);
        ClusterProperties shortA = Nodes.props(a.nodeId(), Duration.ofMillis(200), timeout);
        ClusterProperties shortB = Nodes.props(b.nodeId(), Duration.ofMillis(200), timeout);
        for (int i = 0; i < 3; i++) {
            assertThat(nodes.slots(shortB).admit(UUID.randomUUID(), tenant, null, 10, 3).blockOptional(T)).isEmpty();
        }
        assertThat(nodes.slots(shortA).admit(UUID.randomUUID(), tenant, null, 10, 3).blockOptional(T))
                .contains("tenant's tier allows 3 concurrent calls");

        // b stops beating (its process died). Once b's heartbeat is older than the timeout, a admits.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                nodes.slots(shortA).admit(UUID.randomUUID(), tenant, null, 10, 3).blockOptional(T).isEmpty());
        assertThat(nodes.slotsOf(b.nodeId())).isEqualTo(3);

        assertThat(nodes.heartbeat(shortA).deleteDeadSlots().block(T)).isGreaterThanOrEqualTo(3);
        assertThat(nodes.slotsOf(b.nodeId())).isZero();
        assertThat(nodes.slotsOf(a.nodeId())).isEqualTo(1);
    }

    @Test
    void aRestartedNodeFreesTheSlotsItsPreviousRunLeft() {
        for (int i = 0; i < 4; i++) {
            nodes.slots(a).admit(UUID.randomUUID(), tenant, null, 10, 10).block(T);
        }
        assertThat(nodes.slotsOf(a.nodeId())).isEqualTo(4);

        assertThat(nodes.heartbeat(a).register().block(T)).isEqualTo(4);

        assertThat(nodes.slotsOf(a.nodeId())).isZero();
        assertThat(nodes.slots(b).usage(tenant).block(T).tenantCalls()).isZero();
    }

    @Test
    void aLiveNodesSlotsAreNotDeletedByTheOthers() {
        nodes.slots(b).admit(UUID.randomUUID(), tenant, null, 10, 10).block(T);
        nodes.heartbeat(a).deleteDeadSlots().block(T);
        assertThat(nodes.slotsOf(b.nodeId())).isEqualTo(1);
        assertThat(nodes.slots(a).usage(tenant).block(T).tenantCalls()).isEqualTo(1);
    }
}
