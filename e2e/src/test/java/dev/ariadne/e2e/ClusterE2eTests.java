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

    /** A new number on the tenant's carrier trunk, made through {@code node}'s API, once every node identifies it. */
    private String number(String node, String agentId) {
        return number(node, trunkId, agentId);
    }

    /** A new number on {@code trunk}, made through {@code node}'s API, once every node's Asterisk identifies it. */
    private String number(String node, String trunk, String agentId) {
        String e164 = Api.randomE164();
        cluster.api(node).number(key, e164, trunk, agentId);
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

    /** The node of each call to the number, oldest first. */
    private List<String> nodesOf(String e164) {
        return cluster.query("SELECT node FROM ariadne.calls WHERE to_number = '" + e164 + "' ORDER BY started_at")
                .stream().map(ClusterStack::nodeOf).toList();
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
    void aNodeLoggingJsonPutsTheCallTenantAndTraceIdsInFieldsOfEachCallLine() {
        String e164 = number("node2", echoAgentId);
        for (int i = 0; i < 2; i++) {
            callWithAudio(e164);
        }
        await("records").atMost(Duration.ofSeconds(10)).until(() -> nodesOf(e164).contains("node2"));
        List<String> call = cluster.query("SELECT id || ' ' || tenant_id || ' ' || trace_id FROM ariadne.calls"
                + " WHERE to_number = '" + e164 + "' AND node LIKE 'node2-%'");
        String[] ids = call.getFirst().split(" ");
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        List<tools.jackson.databind.JsonNode> lines = cluster.orchestrator("node2").logText().lines()
                .filter(l -> l.startsWith("{")).map(json::readTree).toList();
        assertThat(lines).as("JSON lines in node2's log").isNotEmpty();
        List<tools.jackson.databind.JsonNode> ofCall = lines.stream()
                .filter(n -> n.has("callId") && n.get("callId").asString().equals(ids[0])).toList();
        assertThat(ofCall).as("lines of call " + ids[0]).isNotEmpty().allSatisfy(n -> {
            assertThat(n.get("tenantId").asString()).isEqualTo(ids[1]);
            assertThat(n.get("traceId").asString()).isEqualTo(ids[2]);
            assertThat(n.get("message").asString()).isNotBlank();
            assertThat(n.get("level").asString()).isNotBlank();
        });
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
        String e164 = number("node1", otherTrunk, echoAgentId);
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
    @Order(5)
    void aTrunksCallLimitHoldsAcrossNodes() throws Exception {
        // A trunk of its own with a limit of 2 concurrent calls; 3 calls at once, spread over both nodes.
        Api api = cluster.api("node1");
        Map<String, Object> body = withHost(Api.carrierTrunk("limited", 5070, List.of(cluster.net().address("carrier"))));
        body.put("maxConcurrentCalls", 2);
        String limited = (String) api.trunk(key, body).get("id");
        api.awaitApplied(key, limited);
        String e164 = number("node1", limited, echoAgentId);
        assertThirdCallRefusedAcrossNodes(e164, limited);
    }

    /** Two calls up, one on each node; the third, wherever it lands, refused by the limit; then the slots are free. */
    private void assertThirdCallRefusedAcrossNodes(String e164, String trunk) {
        List<CarrierCall> up = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                CarrierCall c = cluster.carrier().dial(e164);
                c.awaitAnswered(ANSWER);
                up.add(c);
            }
            assertThat(nodesOf(e164)).as("the two calls in progress").containsExactlyInAnyOrder("node1", "node2");
            CarrierCall third = cluster.carrier().dial(e164);
            third.awaitRejected(ANSWER);
            await("the third call's record").atMost(Duration.ofSeconds(10)).until(() -> nodesOf(e164).size() == 3);
            assertThat(cluster.query("SELECT status || '/' || cause FROM ariadne.calls WHERE to_number = '" + e164
                    + "' ORDER BY started_at").get(2)).as("refused by the limit, whichever node it reached")
                    .isEqualTo("rejected/busy");
        } finally {
            up.forEach(CarrierCall::hangup);
        }
        // The slots are free again: a new call is taken.
        await("slots released").atMost(Duration.ofSeconds(10))
                .until(() -> cluster.query("SELECT count(*) FROM ariadne.call_slots WHERE trunk_id = '" + trunk + "'")
                        .getFirst().equals("0"));
        CarrierCall again = cluster.carrier().dial(e164);
        again.awaitAnswered(ANSWER);
        again.hangup();
    }

    @Test
    @Order(5)
    void aTenantsTierLimitHoldsAcrossNodes() {
        // A free-tier tenant: 2 concurrent calls (2 trunks in this cluster's settings), two trunks that each allow 2.
        Api api = cluster.api("node2");
        String freeKey = api.tenant("cluster-free", "free");
        String agentId = api.agent(freeKey, "echo", cluster.agentUrl(cluster.echoAgent()));
        List<String> numbers = new ArrayList<>();
        for (String name : List.of("free-a", "free-b")) {
            Map<String, Object> body = withHost(Api.carrierTrunk(name, 5070, List.of(cluster.net().address("carrier"))));
            body.put("maxConcurrentCalls", 2);
            String t = (String) api.trunk(freeKey, body).get("id");
            api.awaitApplied(freeKey, t);
            String e164 = Api.randomE164();
            api.number(freeKey, e164, t, agentId);
            for (String n : ClusterStack.NODES) {
                await(n + " identifies " + e164).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                        .until(() -> cluster.asterisk(n).cli("pjsip show identifies").contains(e164.substring(1)));
            }
            numbers.add(e164);
        }
        List<CarrierCall> up = new ArrayList<>();
        try {
            for (String e164 : numbers) {
                CarrierCall c = cluster.carrier().dial(e164);
                c.awaitAnswered(ANSWER);
                up.add(c);
            }
            List<String> nodes = new ArrayList<>(nodesOf(numbers.get(0)));
            nodes.addAll(nodesOf(numbers.get(1)));
            assertThat(nodes).as("one call per trunk, one on each node").containsExactlyInAnyOrder("node1", "node2");
            // Trunk A has room (1 of 2); the tenant has none (2 of 2, over both nodes).
            CarrierCall third = cluster.carrier().dial(numbers.get(0));
            third.awaitRejected(ANSWER);
            await("the third call's record").atMost(Duration.ofSeconds(10)).until(() -> nodesOf(numbers.get(0)).size() == 2);
            assertThat(cluster.query("SELECT status || '/' || cause || ' ' || reject_reason FROM ariadne.calls WHERE to_number = '"
                    + numbers.get(0) + "' ORDER BY started_at").get(1)).startsWith("rejected/busy").contains("tier");
        } finally {
            up.forEach(CarrierCall::hangup);
        }
    }

    @Test
    @Order(6)
    void anOrchestratorStoppedWithSigtermLetsItsCallFinishWithAudioWhileNewCallsGoToTheOtherNode() {
        String e164 = number("node1", echoAgentId);
        ReferenceAgent agent = cluster.echoAgent();
        // A call on node1 (round-robin: the first or the second call).
        CarrierCall onNode1 = null;
        RecordedCall received = null;
        for (int i = 0; i < 2 && onNode1 == null; i++) {
            int mark = AgentCalls.mark(agent);
            CarrierCall c = cluster.carrier().dial(e164);
            c.awaitAnswered(ANSWER);
            RecordedCall r = AgentCalls.awaitNew(agent, mark, ANSWER);
            int calls = i + 1;
            await("record").atMost(Duration.ofSeconds(10)).until(() -> nodesOf(e164).size() == calls);
            if (nodesOf(e164).getLast().equals("node1")) {
                onNode1 = c;
                received = r;
            } else {
                c.hangup();
            }
        }
        assertThat(onNode1).as("a call on node1").isNotNull();
        onNode1.play("tone:440");
        AgentCalls.awaitAudio(received, 1.0, Duration.ofSeconds(10));

        OrchestratorProcess node1 = cluster.orchestrator("node1");
        node1.terminate();
        await("node1 not ready").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> node1.status("/actuator/health/readiness") != 200);

        // New calls while node1 drains: node1 refuses them with 503 and the edge takes them to node2.
        String since = cluster.query("SELECT now()::text").getFirst();
        callWithAudio(e164);
        callWithAudio(e164);
        String newCalls = "SELECT split_part(node, '-', 1) || ' ' || status || '/' || cause FROM ariadne.calls WHERE to_number = '"
                + e164 + "' AND started_at > '" + since + "'::timestamptz AND ended_at IS NOT NULL ORDER BY started_at";
        await("the new calls' records").atMost(Duration.ofSeconds(10))
                .until(() -> cluster.query(newCalls).stream().filter(r -> r.endsWith("completed/caller_hangup")).count() == 2);
        List<String> after = cluster.query(newCalls);
        assertThat(after).as("calls placed while node1 drains: taken by node2, refused by node1 (the edge retried)")
                .allMatch(r -> r.equals("node2 completed/caller_hangup") || r.equals("node1 rejected/draining"));
        System.out.println("records of the calls placed while node1 drained: " + after);

        // The call node1 carries still has its audio, and node1 waits for it.
        RecordedCall draining = received;
        long bytes = draining.audioBytesReceived();
        await("the draining call's audio").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> draining.audioBytesReceived() >= bytes + 2 * 16000 * 2);
        assertDominant(draining, 440);
        assertThat(node1.alive()).as("node1 waits for its call").isTrue();
        onNode1.hangup();
        node1.awaitExit(Duration.ofSeconds(30));
        await("the drained call's record").atMost(Duration.ofSeconds(10)).until(() -> cluster.query(
                "SELECT status || '/' || cause FROM ariadne.calls WHERE to_number = '" + e164 + "' AND node LIKE 'node1-%'"
                        + " AND answered_at IS NOT NULL AND ended_at IS NOT NULL").contains("completed/caller_hangup"));

        cluster.restartOrchestrator("node1");
        await("node1 registered again at its Asterisk").atMost(Duration.ofSeconds(30))
                .until(() -> cluster.asterisk("node1").cli("ari show apps").contains("ariadne"));
    }

    /** The node whose Asterisk registers the registering trunk, once exactly one does. */
    private String registrarNode(String endpoint) {
        await("exactly one node registers " + endpoint).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> ClusterStack.NODES.stream().filter(n -> registers(n, endpoint)).count() == 1
                        && cluster.carrier().hasContact(E2eStack.CARRIER_TRUNK_USER));
        return ClusterStack.NODES.stream().filter(n -> registers(n, endpoint)).findFirst().orElseThrow();
    }

    private boolean registers(String node, String endpoint) {
        String out = cluster.asterisk(node).cli("pjsip show registrations");
        return out.contains(endpoint) && out.contains("Registered");
    }

    /** The host of the contact the carrier has for the trunk's registration. */
    private String carrierContactHost() {
        return cluster.carrier().cli("pjsip show contacts").lines()
                .filter(l -> l.strip().startsWith("Contact:") && l.contains(" " + E2eStack.CARRIER_TRUNK_USER + "/sip:"))
                .map(l -> l.replaceAll(".*/sip:[^@]*@([^:;> ]+).*", "$1")).findFirst().orElse(null);
    }

    @Test
    @Order(100)
    void whenTheRegistrarNodeDiesItsNeighboursCallsKeepAudioNewCallsAndTheRegistrationMoveToTheSurvivor() {
        // A registering trunk: exactly one node registers it, and the carrier's contact is that node.
        Map<String, Object> body = withHost(Api.carrierTrunk("registering", 5070, List.of()));
        body.put("register", true);
        Map<String, Object> registering = cluster.api("node2").trunk(key, body);
        String regEndpoint = (String) registering.get("endpointId");
        String victim = registrarNode(regEndpoint);
        String survivor = victim.equals("node1") ? "node2" : "node1";
        assertThat(carrierContactHost()).isEqualTo(cluster.net().address(victim));

        String e164 = number(victim, echoAgentId);
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
        int onSurvivor = nodes.indexOf(survivor);
        RecordedCall survivorsCall = received.get(onSurvivor);

        cluster.asterisk(victim).crash();
        long killedAt = System.nanoTime();
        long bytesAtKill = survivorsCall.audioBytesReceived();
        // Two more seconds of audio on the survivor's call after the other node died, and still the carrier's tone.
        await("the survivor's call keeps its audio").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> survivorsCall.audioBytesReceived() >= bytesAtKill + 2 * 16000 * 2);
        assertDominant(survivorsCall, 440);
        assertThat(calls.get(onSurvivor).hangupSoFar()).as("the survivor's call is still up").isEmpty();

        // New calls: all on the survivor.
        List<String> before = nodesOf(e164);
        for (int i = 0; i < 3; i++) {
            callWithAudio(e164);
        }
        System.out.printf("first call after the kill answered %.1f s after %s died%n",
                (System.nanoTime() - killedAt) / 1e9, victim);
        await("3 more records").atMost(Duration.ofSeconds(10)).until(() -> nodesOf(e164).size() == before.size() + 3);
        assertThat(nodesOf(e164).subList(before.size(), before.size() + 3)).containsOnly(survivor);
        calls.get(onSurvivor).hangup();

        // The registration moves: the survivor's orchestrator takes the lease and its Asterisk registers.
        await("the survivor registers the trunk").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> registers(survivor, regEndpoint)
                        && cluster.net().address(survivor).equals(carrierContactHost()));
        System.out.printf("registration moved to %s %.1f s after %s died%n", survivor,
                (System.nanoTime() - killedAt) / 1e9, victim);
    }
}
