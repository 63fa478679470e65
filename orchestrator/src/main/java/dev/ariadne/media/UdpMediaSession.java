package dev.ariadne.media;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.util.concurrent.Queues;

// Threads: onDatagram runs on the socket's event loop, tick on the pacing clock thread, the agent-side methods
// on the caller's thread. Each mutable field has a single writer thread; shared ones are volatile or atomic.
final class UdpMediaSession implements MediaSession, PacingClock.Paced {

    // Asterisk sends slin16 on its dynamic PT 118, but its UnicastRTP channel decodes only static payload types
    // (see HalfRate): the agent's audio goes back as L16 mono at 8 kHz, RFC 3551's static PT 11.
    static final int PAYLOAD_TYPE_TO_ASTERISK = 11;
    static final int SAMPLES_TO_ASTERISK = HalfRate.outputSamples(FRAME_SAMPLES);
    static final int INBOUND_BUFFER_FRAMES = 64; // 1.28 s of caller audio for a lagging subscriber
    private static final Duration EMIT_RETRY = Duration.ofMillis(100);
    private static final Logger log = LoggerFactory.getLogger(UdpMediaSession.class);

    private final String callId;
    private final int port;
    private final String externalHost;
    private final PacingClock clock;
    private final Runnable onClosed;
    private final Playout playout;
    private final RtpReceiveStats received = new RtpReceiveStats();
    private final Sinks.Many<byte[]> inbound =
            Sinks.many().unicast().onBackpressureBuffer(Queues.<byte[]>get(INBOUND_BUFFER_FRAMES).get());
    private final Sinks.Many<String> marks = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.Empty<Void> closed = Sinks.empty();
    private final AtomicBoolean closing = new AtomicBoolean();

    private volatile Connection connection;
    private volatile InetSocketAddress remote;
    private volatile boolean remoteExplicit;
    private volatile long malformed;
    private volatile long droppedInbound;

    // Pacing thread only.
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private int timestamp = ThreadLocalRandom.current().nextInt();
    private boolean gap = true;
    private final HalfRate halfRate = new HalfRate();
    private volatile long packetsOut;
    private volatile long firstPacketOutNanos;

    UdpMediaSession(
            String callId, int port, String advertisedHost, int playoutQueueFrames, PacingClock clock,
            Runnable onClosed) {
        this.callId = Objects.requireNonNull(callId, "callId");
        this.port = port;
        this.externalHost = hostPort(Objects.requireNonNull(advertisedHost, "advertisedHost"), port);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
        this.playout = new Playout(playoutQueueFrames);
    }

    /** Called once the socket is bound: starts pacing, and tears down if the socket closes by itself. */
    void attach(Connection bound) {
        this.connection = Objects.requireNonNull(bound, "bound");
        clock.register(this);
        bound.onDispose(this::close);
        log.debug("Media session {} listening on {}", callId, externalHost);
    }

    // Event loop. Must never throw: an exception here would close the socket.
    void onDatagram(DatagramPacket datagram) {
        try {
            ByteBuf content = datagram.content();
            RtpPacket rtp = RtpPacket.parse(content);
            if ((rtp.payloadLength() & 1) != 0) {
                malformed++;
                return;
            }
            received.onPacket(rtp.sequence(), rtp.timestamp(), rtp.ssrc(), System.nanoTime());
            if (remote == null && !remoteExplicit) {
                remote = datagram.sender();
                log.debug("Media session {} sends to {} (symmetric RTP)", callId, remote);
            }
            if (rtp.payloadLength() == 0) {
                return;
            }
            byte[] frame =
                    Pcm16.bigToLittle(content, content.readerIndex() + rtp.payloadOffset(), rtp.payloadLength());
            if (inbound.tryEmitNext(frame) == Sinks.EmitResult.FAIL_OVERFLOW) {
                droppedInbound++;
            }
        } catch (RtpPacket.MalformedRtpException e) {
            malformed++;
        } catch (RuntimeException e) {
            malformed++;
            log.warn("Media session {}: unexpected error on an inbound datagram", callId, e);
        }
    }

    // Pacing thread: at most one frame per tick.
    @Override
    public void tick() {
        Connection bound = connection;
        InetSocketAddress to = remote;
        if (bound != null && to != null && !closing.get()) {
            byte[] frame = playout.poll();
            if (frame == null) {
                gap = true;
            } else {
                boolean marker = playout.takeDiscontinuity() | gap;
                gap = false;
                if (marker) {
                    halfRate.reset(); // a new talkspurt is not filtered together with the audio before it
                }
                send(bound.channel(), frame, to, marker);
            }
            // The RTP clock runs on through silence, so a talkspurt after a gap carries its real sampling time.
            timestamp += SAMPLES_TO_ASTERISK;
        }
        playout.emitDueMarks(this::emitMark);
    }

    private void send(Channel channel, byte[] frame, InetSocketAddress to, boolean marker) {
        ByteBuf buf = channel.alloc().directBuffer(RtpPacket.FIXED_HEADER + 2 * SAMPLES_TO_ASTERISK);
        buf.writeByte(RtpPacket.VERSION << 6);
        buf.writeByte((marker ? 0x80 : 0) | PAYLOAD_TYPE_TO_ASTERISK);
        buf.writeShort(sequence);
        buf.writeInt(timestamp);
        buf.writeInt(ssrc);
        halfRate.writeBigEndian(frame, buf);
        sequence = (sequence + 1) & 0xffff;
        clock.batch().add(channel, new DatagramPacket(buf, to));
        if (packetsOut++ == 0) {
            firstPacketOutNanos = System.nanoTime();
        }
    }

    private void emitMark(String name) {
        try {
            marks.emitNext(name, Sinks.EmitFailureHandler.busyLooping(EMIT_RETRY));
        } catch (Sinks.EmissionException e) {
            log.warn("Media session {}: mark {} not delivered ({})", callId, name, e.getReason());
        }
    }

    @Override
    public int localPort() {
        return port;
    }

    @Override
    public String externalHost() {
        return externalHost;
    }

    @Override
    public void remote(InetSocketAddress asteriskRtp) {
        Objects.requireNonNull(asteriskRtp, "asteriskRtp");
        remoteExplicit = true;
        remote = asteriskRtp;
    }

    @Override
    public Flux<byte[]> fromCaller() {
        return inbound.asFlux();
    }

    @Override
    public void toCaller(byte[] pcmLe, int offset, int length) {
        playout.write(pcmLe, offset, length);
    }

    @Override
    public void clear() {
        playout.clear();
    }

    @Override
    public void mark(String name) {
        playout.mark(name);
    }

    @Override
    public Flux<String> marksPlayed() {
        // Off the pacing thread: a subscriber's work must never delay every call's audio.
        return marks.asFlux().publishOn(Schedulers.parallel());
    }

    @Override
    public long firstAudioOutNanos() {
        return firstPacketOutNanos;
    }

    @Override
    public MediaStats stats() {
        return new MediaStats(
                received.received(),
                packetsOut,
                received.lost(),
                received.late(),
                received.jitterMillis(),
                playout.dropped(),
                droppedInbound,
                malformed,
                CODEC);
    }

    @Override
    public Mono<Void> close() {
        if (closing.compareAndSet(false, true)) {
            clock.unregister(this);
            Connection bound = connection;
            Mono<Void> socketClosed = bound == null ? Mono.empty() : bound.onDispose();
            if (bound != null) {
                bound.dispose();
            }
            socketClosed.onErrorComplete().subscribe(null, null, this::closed);
        }
        return closed.asMono();
    }

    Mono<Void> whenClosed() {
        return closed.asMono();
    }

    // After the socket is closed, so no datagram can race the completion of the caller's flux.
    private void closed() {
        try {
            onClosed.run();
            inbound.emitComplete(Sinks.EmitFailureHandler.busyLooping(EMIT_RETRY));
            marks.emitComplete(Sinks.EmitFailureHandler.busyLooping(EMIT_RETRY));
            MediaStats stats = stats();
            log.info(
                    "Media session {} closed: in={} out={} lost={} late={} jitter={}ms dropped={} malformed={}",
                    callId, stats.packetsIn(), stats.packetsOut(), stats.lost(), stats.late(),
                    String.format("%.1f", stats.jitterMillis()), stats.dropped(), stats.malformed());
        } finally {
            closed.tryEmitEmpty();
        }
    }

    static String hostPort(String host, int port) {
        boolean ipv6Literal = host.indexOf(':') >= 0 && !host.startsWith("[");
        return (ipv6Literal ? "[" + host + "]" : host) + ":" + port;
    }
}
