package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.agent.reference.ToneAnalysis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * INVITEs from an address no trunk allows (a {@link FloodHost} of its own) are refused by Asterisk itself: one to a
 * real number fails its trunk's inbound ACL, one to an unknown number matches no endpoint, and both get PJSIP's 401
 * without a channel, a StasisStart or a call record, while the carrier's call to the same number connects with
 * audio.
 */
@E2eTest
class FloodE2eTests {
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final double[] CANDIDATES = {300, 440, 1000, 1500};
    private static final Pattern PROCESSED = Pattern.compile("(\\d+) calls? processed");
    private static final int PER_TARGET = 40;
    private final E2eStack stack;

    FloodE2eTests(E2eStack stack) {
        this.stack = stack;
    }

    @Test
    void invitesFromAnAddressNoTrunkAllowsGetAsterisksRefusalAndNoCallWhileTheCarriersCallConnects() throws Exception {
        CarrierTenant tenant = stack.carrierTenant();
        Api api = stack.api();
        String did = tenant.newNumber(tenant.toneAgentId());
        String unknown = Api.randomE164();
        Path work = Path.of("target", "flood-test").toAbsolutePath();
        long before = processedCalls(stack);
        String floodAddress;
        try (FloodHost host = FloodHost.create()) {
            floodAddress = host.floodAddress();
            CarrierCall call = stack.carrier().dial(did);
            String recording = "e2e-flood-" + UUID.randomUUID();
            try {
                call.awaitAnswered(ANSWER);
                SippFlood toDid = SippFlood.start(host, work.resolve("did"), "flood-invite.xml", did,
                        stack.ariadneSipPort(), 20, PER_TARGET);
                SippFlood toUnknown = SippFlood.start(host, work.resolve("unknown"), "flood-invite.xml", unknown,
                        stack.ariadneSipPort(), 20, PER_TARGET);
                call.startRecording(recording);
                int didExit = toDid.await(30);
                int unknownExit = toUnknown.await(30);
                Path file = call.stopRecording(recording);

                assertThat(toDid.responses()).as("answers to INVITEs for the real number " + did + " (see %s)",
                        toDid.dir()).isEqualTo(Map.of(401, (long) PER_TARGET));
                assertThat(toUnknown.responses()).as("answers to INVITEs for an unknown number (see %s)",
                        toUnknown.dir()).isEqualTo(Map.of(401, (long) PER_TARGET));
                assertThat(didExit).as("sipp's exit code: every INVITE answered as the scenario expects").isZero();
                assertThat(unknownExit).isZero();

                // The carrier's call, meanwhile, carries the tone agent's 1 kHz.
                Wav wav = Wav.read(file);
                short[] samples = ToneAnalysis.samples(AgentCalls.last(wav.pcmLe(), wav.sampleRate(), 1.0));
                assertThat(ToneAnalysis.rmsDbfs(samples)).as("level at the carrier, dBFS").isGreaterThan(-40);
                assertThat(ToneAnalysis.dominantFrequency(samples, wav.sampleRate(), CANDIDATES))
                        .isEqualTo(E2eStack.AGENT_TONE_HZ);
            } finally {
                call.hangup();
            }
        }
        // One call entered Ariadne's dialplan (and so Stasis): the carrier's. The flood made no channel at all.
        assertThat(processedCalls(stack) - before).as("calls Ariadne's Asterisk processed").isEqualTo(1);
        assertThat(api.calls(tenant.apiKey(), did)).as("records of " + did).hasSize(1)
                .allSatisfy(r -> assertThat((String) r.get("sourceAddress")).startsWith("127.0.0.1:"));
        assertThat(api.unattributedCalls(unknown)).as("records of the unknown number").isEmpty();
        // PJSIP says why it refused them: the unknown number matched no endpoint, the real one failed its ACL.
        String log = Files.readString(stack.ariadneAsterisk().log());
        assertThat(log).contains("failed for '" + floodAddress + ":")
                .contains("No matching endpoint found").contains("Not match Endpoint ACL");
    }

    /** Asterisk's count of channels that ran the dialplan since it started ({@code core show calls}). */
    static long processedCalls(E2eStack stack) {
        String out = stack.ariadneAsterisk().cli("core show calls");
        Matcher m = PROCESSED.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no 'calls processed' in: " + out);
        }
        return Long.parseLong(m.group(1));
    }
}
