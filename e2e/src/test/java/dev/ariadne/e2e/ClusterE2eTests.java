package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.RecordedCall;
import dev.ariadne.agent.reference.ReferenceAgent;
import dev.ariadne.agent.reference.ToneAnalysis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Several nodes behind the SIP edge, each part on a host of its own ({@link ClusterStack}): the carrier calls one
 * address (Kamailio), calls spread over two Asterisk nodes with an orchestrator each, all sharing one PostgreSQL.
 * The node that is killed goes last.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterE2eTests {
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final double[] CANDIDATES = {300, 440, 1000, 1500};
    private ClusterStack cluster;
    private String key;
    private String trunkId;
    private String endpointId;
    private String echoAgentId;

    @BeforeAll
    void start() {
        cluster = ClusterStack.start();
        // The tenant, its trunk and agent are made through node2's API; node1 learns of them from the database.
        Api api = cluster.api("node2");
        key = api.tenant("cluster");
        Map<String, Object> trunk = api.trunk(key, withHost(Api.carrierTrunk("carrier", 5070,
                List.of(cluster.net().address("carrier")))));
        trunkId = (String) trunk.get("id");
        endpointId = (String) trunk.get("endpointId");
        api.awaitApplied(key, trunkId);
        echoAgentId = api.agent(key, "echo", cluster.agentUrl(cluster.echoAgent()));
        // The edge reloads the carriers' addresses every 2 s.
        await("the edge lets the carrier in").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.edge().rpc("permissions.addressDump").contains(cluster.net().address("carrier")));
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Map<String, Object> withHost(Map<String, Object> trunk) {
        Map<String, Object> t = new java.util.LinkedHashMap<>(trunk);
        t.put("host", cluster.net().address("carrier"));
        return t;
    }

    /** A new number on the trunk, made through {@code node}'s API, once every node's Asterisk identifies it. */
    private String number(String node, String agentId) {
        String e164 = Api.randomE164();
        cluster.api(node).number(key, e164, trunkId, agentId);
        String digits = e164.substring(1);
        for (String n : ClusterStack.NODES) {
            await(n + "'s Asterisk identifies " + e164).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> cluster.asterisk(n).cli("pjsip show identifies").contains(digits));
        }
        return e164;
    }

    /** Plays 440 Hz into a call and checks the echo agent hears it; returns what the agent recorded. */
    private RecordedCall callWithAudio(String e164) {
        ReferenceAgent agent = cluster.echoAgent();
        int mark = AgentCalls.mark(agent);
        CarrierCall call = cluster.carrier().dial(e164);
        call.awaitAnswered(ANSWER);
        String playback = call.play("tone:440");
        RecordedCall received = AgentCalls.awaitNew(agent, mark, ANSWER);
        AgentCalls.awaitAudio(received, 1.5, Duration.ofSeconds(10));
        call.stopPlayback(playback);
        call.hangup();
        assertDominant(received, 440);
        return received;
    }

    private static void assertDominant(RecordedCall received, double hz) {
        short[] samples = ToneAnalysis.samples(AgentCalls.last(received.audio(), 16000, 1.0));
        assertThat(ToneAnalysis.rmsDbfs(samples)).as("level at the agent, dBFS").isGreaterThan(-40);
        assertThat(ToneAnalysis.dominantFrequency(samples, 16000, CANDIDATES)).isEqualTo(hz);
    }

    private List<String> nodesOf(String e164) {
        return cluster.query("SELECT node FROM ariadne.calls WHERE to_number = '" + e164 + "' ORDER BY started_at");
    }

    @Test
    @Order(1)
    void callsToANumberMadeOnOneNodeSpreadOverBothNodesWithAudio() {
        String e164 = number("node2", echoAgentId);
        for (int i = 0; i < 4; i++) {
            callWithAudio(e164);
        }
        await("4 records").atMost(Duration.ofSeconds(10)).until(() -> nodesOf(e164).size() == 4);
        assertThat(nodesOf(e164)).as("the node of each call, in order").containsOnly("node1", "node2")
                .contains("node1", "node2");
        // The carrier's BYE found its node through the edge (Record-Route): every call ended as the caller's hangup.
        await("4 ended records").atMost(Duration.ofSeconds(10)).until(() -> cluster.query("SELECT status || '/' || cause"
                + " FROM ariadne.calls WHERE to_number = '" + e164 + "' AND ended_at IS NOT NULL").size() == 4);
        assertThat(cluster.query("SELECT status || '/' || cause FROM ariadne.calls WHERE to_number = '" + e164 + "'"))
                .containsOnly("completed/caller_hangup");
        // Behind the edge the record names the carrier's address, not the edge's.
        assertThat(cluster.query("SELECT DISTINCT split_part(source_address, ':', 1) FROM ariadne.calls"
                + " WHERE to_number = '" + e164 + "'")).containsExactly(cluster.net().address("carrier"));
    }

    @Test
    @Order(2)
    void aNumberAddedThroughTheOtherNodeWorksOnBothToo() {
        String e164 = number("node1", echoAgentId);
        callWithAudio(e164);
        callWithAudio(e164);
        await("2 records").atMost(Duration.ofSeconds(10)).until(() -> nodesOf(e164).size() == 2);
        assertThat(nodesOf(e164)).containsExactlyInAnyOrder("node1", "node2");
    }

    @Test
    @Order(3)
    void aForgedSourceHeaderFromOutsideIsDroppedByTheEdge() {
        // A second trunk of the tenant allows only 192.0.2.50; the carrier calls its number claiming to be that address.
        Api api = cluster.api("node1");
        Map<String, Object> body = withHost(Api.carrierTrunk("elsewhere", 5070, List.of("192.0.2.50")));
        String otherTrunk = (String) api.trunk(key, body).get("id");
        api.awaitApplied(key, otherTrunk);
        String e164 = Api.randomE164();
        api.number(key, e164, otherTrunk, echoAgentId);
        for (String n : ClusterStack.NODES) {
            await(n + " identifies " + e164).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> cluster.asterisk(n).cli("pjsip show identifies").contains(e164.substring(1)));
        }
        CarrierCall call = cluster.carrier().dialWithHeaders(e164, Map.of("X-Ariadne-Source", "192.0.2.50:5060"));
        call.awaitRejected(ANSWER);
        await("the refused call's record").atMost(Duration.ofSeconds(10))
                .until(() -> !cluster.query("SELECT status FROM ariadne.calls WHERE to_number = '" + e164 + "'").isEmpty());
        assertThat(cluster.query("SELECT split_part(source_address, ':', 1) FROM ariadne.calls WHERE to_number = '"
                + e164 + "'")).containsExactly(cluster.net().address("carrier"));
    }

    @Test
    @Order(4)
    void callsFromAnAddressNoTrunkAllowsAreRefusedAtTheEdgeBeforeAnyNode() throws Exception {
        String e164 = number("node1", echoAgentId);
        ClusterNet net = cluster.net();
        SippFlood rogue = SippFlood.start(cmd -> net.on("rogue", cmd), net.address("edge") + ":5060", net.address("rogue"),
                Path.of("target/cluster-rogue"), "flood-invite.xml", e164.substring(1), 20, 20);
        rogue.await(30);
        assertThat(rogue.responses()).as("answers to the rogue host's INVITEs").containsEntry(403, 20L)
                .doesNotContainKeys(100, 401, 200);
        assertThat(cluster.query("SELECT id FROM ariadne.calls WHERE to_number = '" + e164 + "'")).isEmpty();
        for (String n : ClusterStack.NODES) {
            assertThat(cluster.asterisk(n).cli("core show channels count")).startsWith("0 active channels");
        }
        // The carrier, whose address the trunk allows, still gets through.
        callWithAudio(e164);
    }

    @Test
    @Order(100)
    void whenANodeDiesItsNeighboursCallsKeepTheirAudioAndNewCallsGoToTheSurvivor() throws Exception {
        String e164 = number("node1", echoAgentId);
        ReferenceAgent agent = cluster.echoAgent();
        // Two calls up at once: round-robin puts one on each node.
        List<CarrierCall> calls = new ArrayList<>();
        List<RecordedCall> received = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int mark = AgentCalls.mark(agent);
            CarrierCall c = cluster.carrier().dial(e164);
            c.awaitAnswered(ANSWER);
            c.play("tone:440");
            calls.add(c);
            received.add(AgentCalls.awaitNew(agent, mark, ANSWER));
        }
        await("both calls recorded").atMost(Duration.ofSeconds(10)).until(() -> nodesOf(e164).size() == 2);
        List<String> nodes = nodesOf(e164);
        assertThat(nodes).containsExactlyInAnyOrder("node1", "node2");
        int onNode2 = nodes.indexOf("node2");
        RecordedCall survivor = received.get(onNode2);

        cluster.asterisk("node1").crash();
        long killedAt = System.nanoTime();
        long bytesAtKill = survivor.audioBytesReceived();
        // Two more seconds of audio on node2's call after node1 died, and still the carrier's tone.
        await("node2's call keeps its audio").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> survivor.audioBytesReceived() >= bytesAtKill + 2 * 16000 * 2);
        assertDominant(survivor, 440);
        assertThat(calls.get(onNode2).hangupSoFar()).as("node2's call is still up").isEmpty();

        // New calls: all on node2, the first within seconds of the kill.
        List<String> before = nodesOf(e164);
        for (int i = 0; i < 3; i++) {
            callWithAudio(e164);
        }
        System.out.printf("first call after the kill answered %.1f s after node1 died%n",
                (System.nanoTime() - killedAt) / 1e9);
        await("3 more records").atMost(Duration.ofSeconds(10)).until(() -> nodesOf(e164).size() == before.size() + 3);
        assertThat(nodesOf(e164).subList(before.size(), before.size() + 3)).containsOnly("node2");
        calls.get(onNode2).hangup();
    }
}
