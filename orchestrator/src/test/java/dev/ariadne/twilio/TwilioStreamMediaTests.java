package dev.ariadne.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.media.MediaSession;
import dev.ariadne.media.MuLawCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

/** A Media Stream as a call's media: Twilio's chunks to 20 ms slin16 frames, the agent's audio to Twilio's events. */
class TwilioStreamMediaTests {
    final Sinks.Many<String> out = Sinks.many().replay().all();
    final TwilioStreamMedia media = new TwilioStreamMedia("MZ\"1", out);
    final List<Integer> frames = new ArrayList<>();
    final List<String> marks = new ArrayList<>();
    final MediaSession.Listener listener = new MediaSession.Listener() {
        @Override
        public void callerAudio(ByteBuf pcmLe) {
            frames.add(pcmLe.readableBytes());
            pcmLe.release();
        }

        @Override
        public void markPlayed(String name) {
            marks.add(name);
        }
    };

    static String chunk() {
        return new MuLawCodec().encodeBase64(new byte[640]); // 20 ms of slin16 silence -> 160 mu-law bytes
    }

    List<String> sent() {
        return out.asFlux().take(java.time.Duration.ofMillis(50)).collectList().block();
    }

    @Test
    void twiliosChunksBecome20MsSlin16FramesAndAGapInTheirNumbersIsLoss() {
        media.fromTwilio(chunk(), 1); // before the call listens: kept
        media.start(listener);
        media.fromTwilio(chunk(), 2);
        media.fromTwilio(chunk(), 5);
        media.fromTwilio(chunk(), 4);
        media.fromTwilio("not base64 !!", 6);
        assertThat(frames).containsExactly(640, 640, 640, 640);
        assertThat(media.stats().packetsIn()).isEqualTo(4);
        assertThat(media.stats().lost()).isEqualTo(2);
        assertThat(media.stats().late()).isEqualTo(1);
    }

    @Test
    void theAgentsAudioMarksAndClearGoToTwilioAsItsEventsWithTheStreamSidEscaped() {
        media.start(listener);
        media.toCaller(Unpooled.wrappedBuffer(new byte[641])); // odd: one byte waits for its pair
        media.toCaller(Unpooled.wrappedBuffer(new byte[639]));
        media.mark("m\"1");
        media.clear();
        media.markEchoed("m\"1");
        media.close().block();
        media.toCaller(Unpooled.wrappedBuffer(new byte[640])); // after close: nothing
        List<String> sent = sent();
        assertThat(sent).hasSize(4);
        assertThat(sent.get(0)).startsWith("{\"event\":\"media\",\"streamSid\":\"MZ\\\"1\",\"media\":{\"payload\":\"");
        assertThat(new MuLawCodec().decodeBase64(payload(sent.get(0)))).hasSize(640);
        assertThat(new MuLawCodec().decodeBase64(payload(sent.get(1)))).hasSize(640);
        assertThat(sent.get(2)).isEqualTo("{\"event\":\"mark\",\"streamSid\":\"MZ\\\"1\",\"mark\":{\"name\":\"m\\\"1\"}}");
        assertThat(sent.get(3)).isEqualTo("{\"event\":\"clear\",\"streamSid\":\"MZ\\\"1\"}");
        assertThat(marks).containsExactly("m\"1");
        assertThat(media.stats().packetsOut()).isEqualTo(2);
    }

    static String payload(String json) {
        int i = json.indexOf("\"payload\":\"") + 11;
        return json.substring(i, json.indexOf('"', i));
    }
}
