package dev.ariadne.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

// The agent's frame number must come back through the orchestrator's real 16 -> 8 kHz filter, whatever audio
// preceded it (the filter carries history across frames). HalfRate is package-private, hence reflection.
class BenchFrameTests {

    @Test
    void agentFrameNumberSurvivesTheOrchestratorsHalfRateFilter() throws Exception {
        Class<?> type = Class.forName("dev.ariadne.media.HalfRate");
        Constructor<?> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        Object halfRate = constructor.newInstance();
        Method filter = type.getDeclaredMethod("writeBigEndian", byte[].class, ByteBuf.class);
        filter.setAccessible(true);
        // Largest jumps first: 0, 4095, 1, 4094, ... then the codes in order, 8191 frames in all.
        for (int i = 0; i < 2 * BenchFrame.CODE_MODULUS - 1; i++) {
            int number = i < BenchFrame.CODE_MODULUS ? (i % 2 == 0 ? i / 2 : BenchFrame.CODE_MODULUS - 1 - i / 2) : i;
            ByteBuf frame = Unpooled.buffer(640);
            BenchFrame.writeAgentCode(frame, number);
            ByteBuf out = Unpooled.buffer(320);
            filter.invoke(halfRate, ByteBufUtil.getBytes(frame), out);
            ByteBuffer packet = ByteBuffer.wrap(ByteBufUtil.getBytes(out));
            assertThat(BenchFrame.readAgentCode(packet, 0)).as("frame %d", number).isEqualTo(number % 4096);
        }
    }

    @Test
    void fullScaleAudioIsNotAFrameNumber() {
        ByteBuffer payload = ByteBuffer.allocate(320);
        for (int i = 0; i < 160; i++) {
            payload.putShort(2 * i, Short.MAX_VALUE);
        }
        assertThat(BenchFrame.readAgentCode(payload, 0)).isEqualTo(-1);
    }
}
