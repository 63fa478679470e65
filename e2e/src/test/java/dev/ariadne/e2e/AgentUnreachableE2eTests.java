package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.ToneAnalysis;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A number whose agent cannot be reached: the caller hears a prompt, the call fails and says why. */
@E2eTest
class AgentUnreachableE2eTests {
    private static final Duration ANSWER = Duration.ofSeconds(10);
    /** The prompt (ss-noservice, about 5 s) is cut off after ariadne.call.prompt-timeout (8 s). */
    private static final Duration PROMPT_AND_HANGUP = Duration.ofSeconds(15);
    private final E2eStack stack;
    private CarrierTenant tenant;

    AgentUnreachableE2eTests(E2eStack stack) {
        this.stack = stack;
    }

    @BeforeAll
    void tenant() {
        tenant = stack.carrierTenant();
    }

    @Test
    void callerHearsThePromptThenTheCallFailsAsAgentUnreachable() throws IOException {
        String agentId = deadAgent("refusing");
        String number = tenant.newNumber(agentId);
        CarrierCall call = stack.carrier().dial(number);
        String name = "e2e-unreachable-" + UUID.randomUUID();
        CarrierCall.Hangup hangup;
        try {
            call.awaitAnswered(ANSWER);
            call.startRecording(name);
            hangup = call.awaitHangup(PROMPT_AND_HANGUP);
        } finally {
            call.hangup();
        }
        assertThat(hangup.cause()).as("Q.850 cause of Ariadne's BYE").isEqualTo(16);
        // The channel's end finalizes the recording: it holds what the carrier heard.
        Path file = stack.carrier().recordings().resolve(name + ".wav");
        await("recording " + file).atMost(Duration.ofSeconds(5)).until(() -> Files.exists(file) && Files.size(file) > 44);
        Wav wav = Wav.read(file);
        assertThat(wav.seconds()).as("seconds of prompt heard").isGreaterThan(1.0);
        short[] samples = ToneAnalysis.samples(wav.pcmLe());
        assertThat(ToneAnalysis.rmsDbfs(samples)).as("level of the prompt at the carrier, dBFS").isGreaterThan(-45);

        Map<String, Object> record = awaitFinished(number);
        assertThat(record)
                .containsEntry("status", "failed")
                .containsEntry("cause", "agent_unreachable")
                .containsEntry("agentId", agentId);
        assertThat(record.get("answeredAt")).as("the caller was answered to hear the prompt").isNotNull();
        assertThat((String) record.get("agentCloseReason")).isNotBlank();
    }

    @Test
    void fiveFailedConnectionsOpenTheAgentsCircuitBreaker() {
        String agentId = deadAgent("breaking");
        String failing = tenant.newNumber(agentId);
        // minimum-number-of-calls 5 at 50 %: five refused connections open the breaker. Placed together, so
        // that their prompts play at the same time.
        List<CarrierCall> calls = IntStream.range(0, 5).mapToObj(i -> stack.carrier().dial(failing)).toList();
        try {
            calls.forEach(c -> c.awaitHangup(PROMPT_AND_HANGUP));
        } finally {
            calls.forEach(CarrierCall::hangup);
        }
        String next = tenant.newNumber(agentId);
        CarrierCall call = stack.carrier().dial(next);
        try {
            call.awaitHangup(PROMPT_AND_HANGUP);
        } finally {
            call.hangup();
        }
        Map<String, Object> record = awaitFinished(next);
        assertThat(record).containsEntry("status", "failed").containsEntry("cause", "agent_unreachable");
        assertThat((String) record.get("agentCloseReason")).contains("circuit breaker").contains("open");
    }

    /** An agent whose URL is a loopback port nobody listens on: the connection is refused. */
    private String deadAgent(String name) {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return stack.api().agent(tenant.apiKey(), name + "-" + port, "ws://127.0.0.1:" + port + "/agent");
    }

    private Map<String, Object> awaitFinished(String number) {
        Api api = stack.api();
        await("finished call record for " + number).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.calls(tenant.apiKey(), number).stream().anyMatch(c -> c.get("endedAt") != null));
        List<Map<String, Object>> calls = api.calls(tenant.apiKey(), number);
        assertThat(calls).hasSize(1);
        return calls.getFirst();
    }
}
