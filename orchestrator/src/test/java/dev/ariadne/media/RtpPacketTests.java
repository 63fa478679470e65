package dev.ariadne.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RtpPacketTests {

    private static final byte[] PAYLOAD = {1, 2, 3, 4};

    @Test
    void parsesTheFixedHeader() {
        ByteBuf buf = packet(0x80, 0x80 | 118, 0xfffe, 0xfffffff0L, 0x12345678, new byte[0], PAYLOAD);

        RtpPacket rtp = RtpPacket.parse(buf);

        assertThat(rtp.marker()).isTrue();
        assertThat(rtp.payloadType()).isEqualTo(118);
        assertThat(rtp.sequence()).isEqualTo(0xfffe);
        assertThat(rtp.timestamp()).isEqualTo(0xfffffff0L);
        assertThat(rtp.ssrc()).isEqualTo(0x12345678);
        assertThat(rtp.payloadOffset()).isEqualTo(12);
        assertThat(rtp.payloadLength()).isEqualTo(4);
    }

    @Test
    void skipsTheCsrcList() {
        ByteBuf buf = packet(0x80 | 2, 118, 1, 0, 7, new byte[8], PAYLOAD);

        RtpPacket rtp = RtpPacket.parse(buf);

        assertThat(rtp.csrcCount()).isEqualTo(2);
        assertThat(rtp.payloadOffset()).isEqualTo(20);
        assertThat(payloadOf(buf, rtp)).containsExactly(PAYLOAD);
    }

    @Test
    void skipsTheHeaderExtension() {
        // profile 0xBEDE (RFC 8285 one-byte), length 2 words, then 8 bytes of extension data
        byte[] extension = {(byte) 0xbe, (byte) 0xde, 0, 2, 9, 9, 9, 9, 9, 9, 9, 9};
        ByteBuf buf = packet(0x80 | 0x10, 118, 1, 0, 7, extension, PAYLOAD);

        RtpPacket rtp = RtpPacket.parse(buf);

        assertThat(rtp.payloadOffset()).isEqualTo(24);
        assertThat(payloadOf(buf, rtp)).containsExactly(PAYLOAD);
    }

    @Test
    void skipsCsrcsAndExtensionTogether() {
        byte[] csrcAndExtension = {0, 0, 0, 1, 0x10, 0x00, 0, 1, 5, 5, 5, 5};
        ByteBuf buf = packet(0x80 | 0x10 | 1, 118, 1, 0, 7, csrcAndExtension, PAYLOAD);

        RtpPacket rtp = RtpPacket.parse(buf);

        assertThat(rtp.payloadOffset()).isEqualTo(24);
        assertThat(payloadOf(buf, rtp)).containsExactly(PAYLOAD);
    }

    @Test
    void removesPadding() {
        byte[] paddedPayload = {1, 2, 3, 4, 0, 0, 3};
        ByteBuf buf = packet(0x80 | 0x20, 118, 1, 0, 7, new byte[0], paddedPayload);

        RtpPacket rtp = RtpPacket.parse(buf);

        assertThat(payloadOf(buf, rtp)).containsExactly(PAYLOAD);
    }

    @Test
    void payloadOffsetIsRelativeToTheReaderIndex() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(new byte[] {42, 42, 42});
        buf.writeBytes(packet(0x80, 118, 1, 0, 7, new byte[0], PAYLOAD));
        buf.readerIndex(3);

        RtpPacket rtp = RtpPacket.parse(buf);

        assertThat(payloadOf(buf, rtp)).containsExactly(PAYLOAD);
        assertThat(buf.readerIndex()).isEqualTo(3);
    }

    @Test
    void acceptsAnEmptyPayload() {
        assertThat(RtpPacket.parse(packet(0x80, 118, 1, 0, 7, new byte[0], new byte[0])).payloadLength())
                .isZero();
    }

    @Test
    void rejectsAPacketShorterThanTheFixedHeader() {
        assertMalformed(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 118, 0, 1, 0, 0, 0, 0, 0, 0, 0}), "shorter");
    }

    @Test
    void rejectsAnotherVersion() {
        assertMalformed(packet(0x40, 118, 1, 0, 7, new byte[0], PAYLOAD), "version 1");
    }

    @Test
    void rejectsATruncatedCsrcList() {
        assertMalformed(packet(0x80 | 3, 118, 1, 0, 7, new byte[0], new byte[8]), "CSRC");
    }

    @Test
    void rejectsATruncatedExtensionHeader() {
        assertMalformed(packet(0x80 | 0x10, 118, 1, 0, 7, new byte[0], new byte[] {1, 2}), "extension header");
    }

    @Test
    void rejectsAnExtensionLongerThanThePacket() {
        byte[] extension = {(byte) 0xbe, (byte) 0xde, 0, 5, 1, 2, 3, 4};
        assertMalformed(packet(0x80 | 0x10, 118, 1, 0, 7, extension, new byte[0]), "extension of 5 words");
    }

    @Test
    void rejectsPaddingLongerThanThePayload() {
        assertMalformed(packet(0x80 | 0x20, 118, 1, 0, 7, new byte[0], new byte[] {1, 2, 9}), "padding");
    }

    @Test
    void rejectsAZeroPaddingCount() {
        assertMalformed(packet(0x80 | 0x20, 118, 1, 0, 7, new byte[0], new byte[] {1, 2, 0}), "padding");
    }

    @Test
    void rejectsRtcp() {
        // A receiver report: V=2, RC=0, PT=201
        assertMalformed(packet(0x80, 201, 1, 0, 7, new byte[0], new byte[0]), "RTCP");
    }

    private static void assertMalformed(ByteBuf buf, String reason) {
        assertThatThrownBy(() -> RtpPacket.parse(buf))
                .isInstanceOf(RtpPacket.MalformedRtpException.class)
                .hasMessageContaining(reason);
    }

    private static byte[] payloadOf(ByteBuf buf, RtpPacket rtp) {
        byte[] payload = new byte[rtp.payloadLength()];
        buf.getBytes(buf.readerIndex() + rtp.payloadOffset(), payload);
        return payload;
    }

    static ByteBuf packet(int b0, int b1, int seq, long ts, int ssrc, byte[] afterHeader, byte[] payload) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeByte(b0).writeByte(b1).writeShort(seq).writeInt((int) ts).writeInt(ssrc);
        buf.writeBytes(afterHeader).writeBytes(payload);
        return buf;
    }
}
