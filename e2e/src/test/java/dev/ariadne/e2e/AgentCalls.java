package dev.ariadne.e2e;

import static org.awaitility.Awaitility.await;

import dev.ariadne.agent.reference.RecordedCall;
import dev.ariadne.agent.reference.ReferenceAgent;
import java.time.Duration;

/** Waiting for what a reference agent sees. */
final class AgentCalls {
    private AgentCalls() {}

    /** How many calls the agent has had; pass it to {@link #awaitNew} after placing a call. */
    static int mark(ReferenceAgent agent) {
        return agent.calls().size();
    }

    /** The first call the agent got after {@code mark}, once its {@code start} message arrived. */
    static RecordedCall awaitNew(ReferenceAgent agent, int mark, Duration timeout) {
        await("a call at the agent " + agent.url())
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> agent.calls().size() > mark && agent.calls().get(mark).start() != null);
        return agent.calls().get(mark);
    }

    /** Waits until the agent has received at least {@code seconds} of audio on the call. */
    static void awaitAudio(RecordedCall call, double seconds, Duration timeout) {
        await("%.1f s of audio at the agent".formatted(seconds))
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> call.sampleRate() > 0
                        && call.audioBytesReceived() >= (long) (seconds * call.sampleRate() * 2));
    }

    /**
     * A call from the carrier to {@code number}: once answered, a 440 Hz tone plays until the agent has heard a
     * second of it; then {@code during} runs on the agent's call, and the carrier hangs up (whatever {@code during}
     * did) and the hangup is awaited. Answers the agent's call.
     */
    static RecordedCall toneCall(Carrier carrier, ReferenceAgent agent, String number, Duration answer,
            java.util.function.Consumer<RecordedCall> during) {
        int mark = mark(agent);
        CarrierCall call = carrier.dial(number);
        RecordedCall received;
        try {
            call.awaitAnswered(answer);
            String playback = call.play("tone:440");
            received = awaitNew(agent, mark, answer);
            awaitAudio(received, 1.0, Duration.ofSeconds(10));
            call.stopPlayback(playback);
            during.accept(received);
        } finally {
            call.hangup();
        }
        call.awaitHangup(Duration.ofSeconds(5));
        return received;
    }

    /** The newest {@code seconds} of a 16-bit PCM buffer. */
    static byte[] last(byte[] pcm, int sampleRate, double seconds) {
        int n = Math.min(pcm.length, ((int) (seconds * sampleRate)) * 2);
        byte[] out = new byte[n];
        System.arraycopy(pcm, pcm.length - n, out, 0, n);
        return out;
    }
}
