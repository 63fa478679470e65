package dev.ariadne.media;

import static dev.ariadne.media.TestRelay.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

// The caller-to-agent direction, port handling and teardown, over real UDP sockets on loopback.
class MediaRelayTests {

    private static final int FRAME_SAMPLES = MediaSession.FRAME_SAMPLES;

    private final TestRelay relay = new TestRelay(50);
    private final FakeAsterisk asterisk = new FakeAsterisk();

    @AfterEach
    void tearDown() {
        asterisk.close();
        relay.close();
    }

    @Test
    void callerAudioArrivesAsLittleEndianFramesOfTheSameTone() {
        MediaSession session = relay.open("call-tone");
        short[] tone = Audio.tone(440, 50 * FRAME_SAMPLES);
        byte[][] sentBe = new byte[50][];
        for (int i = 0; i < 50; i++) {
            sentBe[i] = Audio.bigEndian(tone, i * FRAME_SAMPLES, FRAME_SAMPLES);
        }

        StepVerifier.create(Listened.on(session).frames().take(50).collectList())
                .then(() -> {
                    for (int i = 0; i < 50; i++) {
                        asterisk.send(session, 118, 1000 + i, 320L * i, sentBe[i]);
                    }
                })
                .assertNext(frames -> {
                    assertThat(frames).hasSize(50);
                    byte[] all = new byte[50 * MediaSession.FRAME_BYTES];
                    for (int i = 0; i < 50; i++) {
                        assertThat(frames.get(i)).hasSize(640).containsExactly(Audio.swap(sentBe[i]));
                        System.arraycopy(frames.get(i), 0, all, i * 640, 640);
                    }
                    short[] received = Audio.fromLittleEndian(all);
                    assertThat(received).containsExactly(tone);
                    // One second of 440 Hz crosses zero 880 times.
                    assertThat(Audio.zeroCrossings(received)).isBetween(876, 884);
                    assertThat(Audio.power(received, 440)).isGreaterThan(100 * Audio.power(received, 1000));
                })
                .expectComplete()
                .verify(TIMEOUT);

        MediaStats stats = session.stats();
        assertThat(stats.packetsIn()).isEqualTo(50);
        assertThat(stats.lost()).isZero();
        assertThat(stats.malformed()).isZero();
        assertThat(stats.codec()).isEqualTo("slin16");
    }

    @Test
    void sequenceGapsCountAsLossButWraparoundDoesNot() {
        MediaSession session = relay.open("call-loss");
        byte[] silence = new byte[640];
        int[] sequences = {65533, 65534, 65535, 0, 1, 5, 6};

        StepVerifier.create(Listened.on(session).frames().take(sequences.length))
                .then(() -> {
                    long ts = 0;
                    for (int seq : sequences) {
                        asterisk.send(session, 118, seq, ts, silence);
                        ts += 320;
                    }
                })
                .expectNextCount(sequences.length)
                .expectComplete()
                .verify(TIMEOUT);

        MediaStats stats = session.stats();
        assertThat(stats.packetsIn()).isEqualTo(7);
        assertThat(stats.lost()).as("2, 3 and 4 missing").isEqualTo(3);
        assertThat(stats.late()).isZero();
    }

    @Test
    void malformedDatagramsAreCountedAndTheSessionKeepsWorking() {
        MediaSession session = relay.open("call-malformed");
        byte[] payload = Audio.bigEndian(Audio.tone(440, FRAME_SAMPLES), 0, FRAME_SAMPLES);
        byte[] versionOne = new byte[20];
        versionOne[0] = 0x40;
        byte[] truncatedCsrc = new byte[14];
        truncatedCsrc[0] = (byte) 0x85;

        StepVerifier.create(Listened.on(session).frames().take(1))
                .then(() -> {
                    asterisk.sendRaw(session, new byte[] {1, 2, 3});
                    asterisk.sendRaw(session, versionOne);
                    asterisk.sendRaw(session, truncatedCsrc);
                    asterisk.send(session, 118, 7, 0, payload);
                })
                .assertNext(frame -> assertThat(frame).containsExactly(Audio.swap(payload)))
                .expectComplete()
                .verify(TIMEOUT);

        assertThat(session.stats().malformed()).isEqualTo(3);
        assertThat(session.stats().packetsIn()).isEqualTo(1);
    }

    @Test
    void externalHostIsTheAdvertisedHostAndLocalPort() {
        MediaSession session = relay.open("call-host");

        assertThat(session.externalHost()).isEqualTo("127.0.0.1:" + session.localPort());
        assertThat(session.localPort()).isBetween(relay.portMin, relay.portMin + 19);
    }

    @Test
    void concurrentSessionsGetDistinctPorts() {
        MediaSession first = relay.open("call-1");
        MediaSession second = relay.open("call-2");

        assertThat(first.localPort()).isNotEqualTo(second.localPort());
    }

    @Test
    void openSkipsAPortThatIsAlreadyBound() throws Exception {
        int taken = TestRelay.freePort();
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken));
                TestRelay small = new TestRelay(taken, 3, 50)) {
            MediaSession session = small.open("call-next");

            assertThat(session.localPort()).isNotEqualTo(taken).isBetween(taken + 1, taken + 2);
        }
    }

    @Test
    void openFailsWhenEveryPortIsTaken() throws Exception {
        int taken = TestRelay.freePort();
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken));
                TestRelay single = new TestRelay(taken, 1, 50)) {
            StepVerifier.create(single.relay.open("call-none"))
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("No free UDP port"))
                    .verify(TIMEOUT);
        }
    }

    @Test
    void callerAudioBeforeTheAgentIsConnectedIsDeliveredFirstKeepingTheNewest() {
        MediaSession session = relay.open("call-early");
        int sent = UdpMediaSession.INBOUND_BUFFER_FRAMES + 6;
        for (int i = 0; i < sent; i++) {
            byte[] frame = new byte[640];
            frame[0] = (byte) i; // big-endian sample: the tag ends up in the frame's second byte
            asterisk.send(session, 118, i, 320L * i, frame);
        }
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> session.stats().packetsIn() == sent);

        List<byte[]> frames = Listened.on(session).frames().take(UdpMediaSession.INBOUND_BUFFER_FRAMES)
                .collectList().block(TIMEOUT);

        assertThat(frames).extracting(f -> (int) f[1])
                .containsExactlyElementsOf(java.util.stream.IntStream.range(6, sent).boxed().toList());
        assertThat(session.stats().droppedInbound()).isEqualTo(6);
    }

    @Test
    void closeIsIdempotentStopsDeliveryAndFreesThePort() {
        MediaSession session = relay.open("call-close");
        Listened listened = Listened.on(session);
        int port = session.localPort();

        StepVerifier.create(session.close()).expectComplete().verify(TIMEOUT);
        StepVerifier.create(session.close()).expectComplete().verify(TIMEOUT);
        asterisk.send(session, 118, 1, 0, new byte[640]);

        StepVerifier.create(listened.frames()).expectSubscription().expectNoEvent(Duration.ofMillis(200)).thenCancel().verify(TIMEOUT);
        assertThatCode(() -> new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).close())
                .doesNotThrowAnyException();
        assertThat(relay.relay.activeSessions()).isZero();
    }

    @Test
    void aClosedSessionSendsNothing() {
        MediaSession session = relay.open("call-closed-send");
        session.remote(asterisk.address());
        session.close().block(TIMEOUT);

        session.toCaller(new byte[640 * 3], 0, 640 * 3);

        List<FakeAsterisk.Received> packets = asterisk.receiveUntilQuiet(200);
        assertThat(packets).isEmpty();
    }
}
