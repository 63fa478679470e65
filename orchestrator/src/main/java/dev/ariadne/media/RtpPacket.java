package dev.ariadne.media;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * An RTP (RFC 3550) header parsed in full: CSRC list, header extension and padding are honoured, so the payload
 * bounds are right for any sender, not only for one that sends the bare 12-byte header.
 *
 * @param marker marker bit (start of a talkspurt for audio)
 * @param payloadType 7-bit payload type
 * @param sequence 16-bit sequence number, unsigned
 * @param timestamp 32-bit timestamp, unsigned
 * @param ssrc synchronisation source
 * @param csrcCount number of contributing sources skipped
 * @param payloadOffset payload start, relative to the buffer's reader index
 * @param payloadLength payload length in bytes, padding excluded
 */
record RtpPacket(
        boolean marker,
        int payloadType,
        int sequence,
        long timestamp,
        int ssrc,
        int csrcCount,
        int payloadOffset,
        int payloadLength) {

    static final int VERSION = 2;
    static final int FIXED_HEADER = 12;

    /**
     * Parses the RTP packet occupying the readable bytes of {@code buf}, without moving its indexes.
     *
     * @throws MalformedRtpException if the bytes are not a complete RTP packet
     */
    static RtpPacket parse(ByteBuf buf) {
        Objects.requireNonNull(buf, "buf");
        int base = buf.readerIndex();
        int length = buf.readableBytes();
        if (length < FIXED_HEADER) {
            throw new MalformedRtpException("shorter than the fixed header: " + length + " bytes");
        }
        int b0 = buf.getUnsignedByte(base);
        int b1 = buf.getUnsignedByte(base + 1);
        if (b0 >>> 6 != VERSION) {
            throw new MalformedRtpException("version " + (b0 >>> 6));
        }
        // RTCP multiplexed on the RTP port (RFC 5761) would otherwise read as audio with PT 72..76.
        if (b1 >= 200 && b1 <= 204) {
            throw new MalformedRtpException("RTCP packet type " + b1);
        }
        boolean padding = (b0 & 0x20) != 0;
        boolean extension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0f;
        int offset = FIXED_HEADER + 4 * csrcCount;
        if (offset > length) {
            throw new MalformedRtpException("truncated CSRC list");
        }
        if (extension) {
            if (offset + 4 > length) {
                throw new MalformedRtpException("truncated extension header");
            }
            int words = buf.getUnsignedShort(base + offset + 2);
            offset += 4 + 4 * words;
            if (offset > length) {
                throw new MalformedRtpException("truncated extension of " + words + " words");
            }
        }
        int end = length;
        if (padding) {
            int pad = buf.getUnsignedByte(base + length - 1);
            if (pad == 0 || offset + pad > length) {
                throw new MalformedRtpException("invalid padding count " + pad);
            }
            end -= pad;
        }
        return new RtpPacket(
                (b1 & 0x80) != 0,
                b1 & 0x7f,
                buf.getUnsignedShort(base + 2),
                buf.getUnsignedInt(base + 4),
                buf.getInt(base + 8),
                csrcCount,
                offset,
                end - offset);
    }

    /** A datagram that is not a usable RTP packet; cheap to throw (no stack trace), never leaves the relay. */
    static final class MalformedRtpException extends RuntimeException {
        MalformedRtpException(String message) {
            super(message, null, false, false);
        }
    }
}
