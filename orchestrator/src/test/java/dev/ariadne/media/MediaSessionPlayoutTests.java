package dev.ariadne.media;

import static dev.ariadne.media.TestRelay.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

// The agent-to-caller direction: re-framing, 8 kHz L16 on PT 11, pacing, RTP headers, barge-in, marks and
// overflow, over real UDP.
class MediaSessionPlayoutTests {

    private static final int FRAME = MediaSession.FRAME_BYTES;

    private final FakeAsterisk asterisk = new FakeAsterisk();
    private TestRelay relay = new TestRelay(50);

    @AfterEach
    void tearDown() {
        asterisk.close();
        relay.close();
    }

    @Test
    void oddSizedAgentChunksArriveAsPacedEightKilohertzL16FramesOnPayloadTypeEleven() {
        MediaSession session = relay.open("call-out");
        short[] tone = Audio.tone(1000, 8 * MediaSession.FRAME_SAMPLES);
        byte[] audio = Audio.swap(Audio.bigEndian(tone, 0, tone.length));
        int[] chunks = {1000, 281, 999, 1, 639, 641, 1559};
        int offset = 0;
        for (int chunk : chunks) {
            session.toCaller(audio, offset, chunk);
            offset += chunk;
        }
        assertThat(offset).isEqualTo(audio.length);

        session.remote(asterisk.address());
        List<FakeAsterisk.Received> packets = asterisk.receive(8, 2000);

        HalfRate expected = new HalfRate();
        for (int i = 0; i < 8; i++) {
            FakeAsterisk.Received packet = packets.get(i);
            ByteBuf frame = Unpooled.buffer();
            expected.writeBigEndian(Arrays.copyOfRange(audio, i * FRAME, (i + 1) * FRAME), frame);
            assertThat(packet.payload())
                    .as("frame %d: 160 samples at 8 kHz, big-endian", i)
                    .hasSize(320)
                    .containsExactly(ByteBufUtil.getBytes(frame));
            assertThat(packet.rtp().payloadType()).as("static L16 mono, the only PCM Asterisk decodes").isEqualTo(11);
            assertThat(packet.rtp().marker()).isEqualTo(i == 0);
            assertThat(packet.rtp().ssrc()).isEqualTo(packets.get(0).rtp().ssrc());
            if (i > 0) {
                FakeAsterisk.Received previous = packets.get(i - 1);
                assertThat(packet.rtp().sequence()).isEqualTo((previous.rtp().sequence() + 1) & 0xffff);
                assertThat(packet.rtp().timestamp()).isEqualTo((previous.rtp().timestamp() + 160) & 0xffffffffL);
            }
        }
        short[] received = Audio.fromBigEndian(packets.stream()
                .map(FakeAsterisk.Received::payload)
                .reduce(new byte[0], MediaSessionPlayoutTests::concat));
        assertThat(Audio.power(received, 1000, 8000)).isGreaterThan(100 * Audio.power(received, 500, 8000));
        // Paced, not burst: 8 frames span several 20 ms ticks (loose bound, the machine may be loaded).
        long spanMillis = Duration.ofNanos(packets.get(7).arrivalNanos() - packets.get(0).arrivalNanos()).toMillis();
        assertThat(spanMillis).isGreaterThanOrEqualTo(50);
        assertThat(asterisk.receiveUntilQuiet(200)).as("no audio beyond what was queued").isEmpty();
        assertThat(session.stats().packetsOut()).isEqualTo(8);
    }

    @Test
    void repliesToTheSourceOfTheFirstPacketOnPayloadTypeElevenWhateverTypeItReceived() {
        MediaSession session = relay.open("call-symmetric");
        byte[] tone = Audio.bigEndian(Audio.tone(440, 320), 0, 320);

        StepVerifier.create(Listened.on(session).frames().take(1))
                .then(() -> asterisk.send(session, 118, 1, 0, tone))
                .expectNextCount(1)
                .expectComplete()
                .verify(TIMEOUT);
        byte[] reply = PlayoutTests.ramp(FRAME);
        session.toCaller(reply, 0, FRAME);

        FakeAsterisk.Received packet = asterisk.receive(2000);
        assertThat(packet).isNotNull();
        assertThat(packet.rtp().payloadType()).isEqualTo(11);
        assertThat(packet.payload()).containsExactly(halfRate(reply));
    }

    @Test
    void clearDropsQueuedAudioReleasesMarksAndStartsANewTalkspurt() {
        MediaSession session = relay.open("call-clear");
        session.toCaller(new byte[25 * FRAME], 0, 25 * FRAME);
        session.mark("end-of-greeting");
        session.remote(asterisk.address());
        assertThat(asterisk.receive(2000)).as("playout started").isNotNull();

        StepVerifier.create(Listened.on(session).marks().take(1))
                .then(session::clear)
                .expectNext("end-of-greeting")
                .expectComplete()
                .verify(TIMEOUT);
        List<FakeAsterisk.Received> afterClear = asterisk.receiveUntilQuiet(300);
        assertThat(afterClear.size()).as("packets after clear").isLessThan(24);

        byte[] next = PlayoutTests.filled(7);
        session.toCaller(next, 0, FRAME);
        FakeAsterisk.Received resumed = asterisk.receive(2000);
        assertThat(resumed).isNotNull();
        assertThat(resumed.payload()).as("filtered afresh, not with the dropped audio").containsExactly(halfRate(next));
        assertThat(resumed.rtp().marker()).as("marker bit after clear").isTrue();
        assertThat(session.stats().packetsOut()).isLessThan(25);
    }

    @Test
    void marksAreEmittedOnlyAfterTheirAudioWasSent() {
        MediaSession session = relay.open("call-marks");
        session.remote(asterisk.address());

        StepVerifier.create(Listened.on(session).marks()
                        .map(name -> name + "@" + session.stats().packetsOut())
                        .take(2))
                .then(() -> {
                    session.toCaller(new byte[3 * FRAME], 0, 3 * FRAME);
                    session.mark("a");
                    session.toCaller(new byte[2 * FRAME], 0, 2 * FRAME);
                    session.mark("b");
                })
                .assertNext(a -> assertThat(sentAt(a, "a")).isGreaterThanOrEqualTo(3))
                .assertNext(b -> assertThat(sentAt(b, "b")).isGreaterThanOrEqualTo(5))
                .expectComplete()
                .verify(TIMEOUT);
        assertThat(asterisk.receive(5, 2000)).hasSize(5);
    }

    @Test
    void overflowDropsTheOldestAudioAndCountsIt() {
        relay.close();
        relay = new TestRelay(5);
        MediaSession session = relay.open("call-overflow");
        for (int k = 0; k < 8; k++) {
            byte[] frame = new byte[FRAME];
            for (int i = 0; i < FRAME; i += 2) {
                frame[i] = 1;
                frame[i + 1] = (byte) k; // little-endian sample k * 256 + 1
            }
            session.toCaller(frame, 0, FRAME);
        }
        // toCaller from this thread is handed to the session's event loop.
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> session.stats().dropped() == 3);

        session.remote(asterisk.address());
        List<FakeAsterisk.Received> packets = asterisk.receive(5, 2000);

        assertThat(packets)
                .extracting(packet -> (int) packet.payload()[packet.payload().length - 2])
                .as("high byte (big-endian first) of the last, settled sample of the frames that survived")
                .containsExactly(3, 4, 5, 6, 7);
        assertThat(asterisk.receiveUntilQuiet(200)).isEmpty();
    }

    private static byte[] halfRate(byte[] frameLe) {
        ByteBuf out = Unpooled.buffer();
        new HalfRate().writeBigEndian(frameLe, out);
        return ByteBufUtil.getBytes(out);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static long sentAt(String emitted, String name) {
        assertThat(emitted).startsWith(name + "@");
        return Long.parseLong(emitted.substring(name.length() + 1));
    }
}
