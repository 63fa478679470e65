package dev.ariadne.twilio;

import dev.ariadne.media.MediaSession;
import dev.ariadne.media.MediaStats;
import dev.ariadne.media.MuLawCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A Twilio Media Stream as a call's media: Twilio's base64 mu-law 8 kHz {@code media} becomes 20 ms slin16 frames
 * for the agent (upsampled), the agent's slin16 goes back as {@code media} (low-pass filtered, decimated, mu-law).
 * Twilio buffers and plays what it is sent, so audio is not paced here; {@code clear} and {@code mark} are
 * Twilio's own: a mark is reported played when Twilio echoes it. There is no RTP: {@link #localPort()} is 0 and
 * {@link #remote} is ignored.
 */
final class TwilioStreamMedia implements MediaSession {
    private static final int EARLY_FRAMES = 50;
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
    private final String streamSid;
    private final String streamSidJson;
    private final Sinks.Many<String> out;
    private final Sinks.Empty<Void> closed = Sinks.empty();
    private final MuLawCodec codec = new MuLawCodec();
    private final ArrayDeque<ByteBuf> early = new ArrayDeque<>();
    private Listener listener;
    private boolean isClosed;
    private long lastChunk = -1;
    private int oddByte = -1; // a byte of agent audio waiting for its pair
    private volatile long packetsIn;
    private volatile long packetsOut;
    private volatile long lost;
    private volatile long late;
    private volatile long droppedInbound;
    private volatile long malformed;
    private volatile long firstOut;

    TwilioStreamMedia(String streamSid, Sinks.Many<String> out) {
        this.streamSid = streamSid;
        this.streamSidJson = JSON.writeValueAsString(streamSid); // quoted and escaped: it came from the socket
        this.out = out;
    }

    // ---- from Twilio (the socket's thread) ----

    /** One {@code media} message: {@code chunk} counts from 1, a gap is loss. */
    synchronized void fromTwilio(String payload, long chunk) {
        byte[] pcm;
        try {
            pcm = codec.decodeBase64(payload);
        } catch (IllegalArgumentException e) {
            malformed++;
            return;
        }
        packetsIn++;
        if (chunk > 0) {
            if (lastChunk >= 0 && chunk > lastChunk + 1) {
                lost += chunk - lastChunk - 1;
            } else if (lastChunk >= 0 && chunk <= lastChunk) {
                late++;
            }
            lastChunk = Math.max(lastChunk, chunk);
        }
        ByteBuf frame = Unpooled.wrappedBuffer(pcm);
        if (listener != null) {
            listener.callerAudio(frame);
        } else {
            if (early.size() == EARLY_FRAMES) {
                early.pollFirst().release();
                droppedInbound++;
            }
            early.addLast(frame);
        }
    }

    /** Twilio played the audio sent before mark {@code name}. */
    synchronized void markEchoed(String name) {
        if (listener != null) {
            listener.markPlayed(name);
        }
    }

    // ---- MediaSession ----

    @Override
    public synchronized void start(Listener l) {
        if (listener != null) {
            throw new IllegalStateException("stream " + streamSid + " already started");
        }
        listener = l;
        ByteBuf frame;
        while ((frame = early.pollFirst()) != null) {
            l.callerAudio(frame);
        }
    }

    @Override
    public synchronized void toCaller(ByteBuf pcmLe) {
        if (isClosed || pcmLe.readableBytes() == 0) {
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(pcmLe);
        if (oddByte >= 0) {
            byte[] joined = new byte[bytes.length + 1];
            joined[0] = (byte) oddByte;
            System.arraycopy(bytes, 0, joined, 1, bytes.length);
            bytes = joined;
            oddByte = -1;
        }
        if ((bytes.length & 1) == 1) {
            oddByte = bytes[bytes.length - 1] & 0xff;
            bytes = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        }
        if (bytes.length == 0) {
            return;
        }
        send("{\"event\":\"media\",\"streamSid\":" + streamSidJson + ",\"media\":{\"payload\":\""
                + codec.encodeBase64(bytes) + "\"}}");
        packetsOut++;
        if (firstOut == 0) {
            firstOut = System.nanoTime();
        }
    }

    @Override
    public synchronized void clear() {
        oddByte = -1;
        send("{\"event\":\"clear\",\"streamSid\":" + streamSidJson + "}");
    }

    @Override
    public synchronized void mark(String name) {
        send("{\"event\":\"mark\",\"streamSid\":" + streamSidJson + ",\"mark\":{\"name\":"
                + JSON.writeValueAsString(name) + "}}");
    }

    private void send(String json) {
        if (!isClosed) {
            out.tryEmitNext(json);
        }
    }

    @Override
    public long firstAudioOutNanos() {
        return firstOut;
    }

    @Override
    public MediaStats stats() {
        return new MediaStats(packetsIn, packetsOut, lost, late, 0.0, 0, droppedInbound, malformed, "ulaw");
    }

    @Override
    public synchronized Mono<Void> close() {
        if (!isClosed) {
            isClosed = true;
            ByteBuf frame;
            while ((frame = early.pollFirst()) != null) {
                frame.release();
            }
            out.tryEmitComplete(); // the socket closes once what was queued is written
            closed.tryEmitEmpty();
        }
        return closed.asMono();
    }

    /** The stream ended from Twilio's side (stop, or the socket closed). */
    void ended() {
        close();
    }

    @Override
    public int localPort() {
        return 0;
    }

    @Override
    public String externalHost() {
        return null;
    }

    @Override
    public EventLoop eventLoop() {
        return null; // the stream lives on the web server's connection, not on one of the call loops
    }

    @Override
    public void remote(InetSocketAddress asteriskRtp) {
        // no RTP
    }
}
