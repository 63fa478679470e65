package dev.ariadne.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

// One call's RTP socket. Everything mutable is confined to the channel's event loop (the caller's packets, the
// agent's audio when its connection shares the loop, the pacing ticks); methods called from elsewhere are
// handed to the loop. Counters other threads read are volatile, written by the loop only.
final class UdpMediaSession extends SimpleChannelInboundHandler<DatagramPacket>
        implements MediaSession, LoopPacer.Paced {

    // Asterisk sends slin16 on its dynamic PT 118, but its UnicastRTP channel decodes only static payload types
    // (see HalfRate): the agent's audio goes back as L16 mono at 8 kHz, RFC 3551's static PT 11.
    static final int PAYLOAD_TYPE_TO_ASTERISK = 11;
    static final int SAMPLES_TO_ASTERISK = HalfRate.outputSamples(FRAME_SAMPLES);
    static final int INBOUND_BUFFER_FRAMES = 64; // 1.28 s of caller audio before the agent is connected
    private static final Logger log = LoggerFactory.getLogger(UdpMediaSession.class);

    private final String callId;
    private final int port;
    private final String externalHost;
    private final EventLoop loop;
    private final LoopPacer pacer;
    private final Runnable onClosed;
    private final Playout playout;
    private final RtpReceiveStats received = new RtpReceiveStats();
    private final Sinks.Empty<Void> closed = Sinks.empty();
    private final AtomicBoolean closing = new AtomicBoolean();

    private volatile Channel channel;
    private volatile InetSocketAddress remote;
    private volatile boolean remoteExplicit;
    private volatile long malformed;
    private volatile long droppedInbound;
    private volatile long packetsOut;
    private volatile long firstPacketOutNanos;

    // Event loop only.
    private Listener listener;
    private final ArrayDeque<ByteBuf> early = new ArrayDeque<>();
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private int timestamp = ThreadLocalRandom.current().nextInt();
    private final RealTimeSchedule schedule = new RealTimeSchedule();
    private long lastSent;
    private boolean finalized;
    private final HalfRate halfRate = new HalfRate();

    UdpMediaSession(String callId, int port, String advertisedHost, int playoutQueueFrames, EventLoop loop,
            LoopPacer pacer, Runnable onClosed) {
        this.callId = Objects.requireNonNull(callId, "callId");
        this.port = port;
        this.externalHost = hostPort(Objects.requireNonNull(advertisedHost, "advertisedHost"), port);
        this.loop = Objects.requireNonNull(loop, "loop");
        this.pacer = Objects.requireNonNull(pacer, "pacer");
        this.onClosed = Objects.requireNonNull(onClosed, "onClosed");
        this.playout = new Playout(playoutQueueFrames);
    }

    /** Called once the socket is bound: starts pacing, and tears down if the socket closes by itself. */
    void attach(Channel bound) {
        this.channel = Objects.requireNonNull(bound, "bound");
        loop.execute(() -> {
            if (!closing.get()) {
                pacer.register(this);
            }
        });
        bound.closeFuture().addListener(f -> onSocketClosed());
        log.debug("Media session {} listening on {}", callId, externalHost);
    }

    // Event loop. Must never throw: an exception here would close the socket.
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket datagram) {
        try {
            ByteBuf content = datagram.content();
            RtpPacket rtp = RtpPacket.parse(content);
            int length = rtp.payloadLength();
            if ((length & 1) != 0) {
                malformed++;
                return;
            }
            received.onPacket(rtp.sequence(), rtp.timestamp(), rtp.ssrc(), System.nanoTime());
            if (remote == null && !remoteExplicit) {
                remote = datagram.sender();
                log.debug("Media session {} sends to {} (symmetric RTP)", callId, remote);
            }
            if (length == 0 || closing.get()) {
                return;
            }
            ByteBuf frame = ctx.alloc().heapBuffer(length, length);
            Pcm16.bigToLittle(content, content.readerIndex() + rtp.payloadOffset(), length, frame);
            deliver(frame);
        } catch (RtpPacket.MalformedRtpException e) {
            malformed++;
        } catch (RuntimeException e) {
            malformed++;
            log.warn("Media session {}: unexpected error on an inbound datagram", callId, e);
        }
    }

    private void deliver(ByteBuf frame) {
        Listener l = listener;
        if (l != null) {
            l.callerAudio(frame);
            return;
        }
        if (early.size() == INBOUND_BUFFER_FRAMES) {
            early.pollFirst().release();
            droppedInbound++;
        }
        early.addLast(frame);
    }

    @Override
    public void start(Listener l) {
        Objects.requireNonNull(l, "listener");
        onLoop(() -> {
            if (listener != null) {
                throw new IllegalStateException("media session " + callId + " already started");
            }
            listener = l;
            ByteBuf frame;
            while ((frame = early.pollFirst()) != null) {
                l.callerAudio(frame);
            }
            playout.emitDueMarks(l::markPlayed);
        });
    }

    @Override
    public void toCaller(ByteBuf pcmLe) {
        if (loop.inEventLoop()) {
            if (!closing.get()) {
                boolean idle = playout.queuedFrames() == 0;
                playout.write(pcmLe);
                play(System.nanoTime(), idle);
            }
        } else {
            byte[] copy = ByteBufUtil.getBytes(pcmLe);
            loop.execute(() -> toCaller(Unpooled.wrappedBuffer(copy)));
        }
    }

    @Override
    public void clear() {
        onLoop(() -> {
            playout.clear();
            emitMarks();
        });
    }

    @Override
    public void mark(String name) {
        Objects.requireNonNull(name, "name");
        onLoop(() -> {
            playout.mark(name);
            emitMarks();
        });
    }

    // Pacing tick (event loop): drains queued audio that is due.
    @Override
    public void tick(long now) {
        if (playout.queuedFrames() > 0) {
            play(now, false);
        }
    }

    // Sends the queued frames whose slot has come. {@code afterIdle}: agent audio just arrived to an empty queue.
    private void play(long now, boolean afterIdle) {
        Channel ch = channel;
        InetSocketAddress to = remote;
        if (ch == null || to == null || closing.get()) {
            return;
        }
        boolean sent = false;
        while (playout.queuedFrames() > 0 && schedule.mayPlay(now)) {
            boolean gap = schedule.played(now, afterIdle && !sent, playout.queuedFrames() - 1);
            byte[] frame = playout.poll();
            boolean marker = playout.takeDiscontinuity() | gap;
            if (marker) {
                halfRate.reset(); // a new talkspurt is not filtered together with the audio before it
                // The RTP clock runs on through silence, so a talkspurt after a gap carries its real time.
                long silent = lastSent == 0 ? 0 : (now - lastSent) / 125_000; // 8 kHz samples
                timestamp += (int) Math.max(SAMPLES_TO_ASTERISK, silent);
            } else {
                timestamp += SAMPLES_TO_ASTERISK;
            }
            send(ch, frame, to, marker);
            lastSent = now;
            sent = true;
        }
        if (sent) {
            ch.flush();
        }
        emitMarks();
    }

    private void send(Channel ch, byte[] frame, InetSocketAddress to, boolean marker) {
        ByteBuf buf = ch.alloc().directBuffer(RtpPacket.FIXED_HEADER + 2 * SAMPLES_TO_ASTERISK);
        buf.writeByte(RtpPacket.VERSION << 6);
        buf.writeByte((marker ? 0x80 : 0) | PAYLOAD_TYPE_TO_ASTERISK);
        buf.writeShort(sequence);
        buf.writeInt(timestamp);
        buf.writeInt(ssrc);
        halfRate.writeBigEndian(frame, buf);
        sequence = (sequence + 1) & 0xffff;
        ch.write(new DatagramPacket(buf, to), ch.voidPromise());
        if (packetsOut++ == 0) {
            firstPacketOutNanos = System.nanoTime();
        }
    }

    private void emitMarks() {
        Listener l = listener;
        if (l != null && playout.hasDueMarks()) {
            playout.emitDueMarks(l::markPlayed);
        }
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
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
    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public void remote(InetSocketAddress asteriskRtp) {
        Objects.requireNonNull(asteriskRtp, "asteriskRtp");
        remoteExplicit = true;
        remote = asteriskRtp;
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
            Channel ch = channel;
            if (ch == null) {
                onLoop(this::onSocketClosed);
            } else {
                ch.close();
            }
        }
        return closed.asMono();
    }

    Mono<Void> whenClosed() {
        return closed.asMono();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port unreachable and the like: the socket stays open, the call goes on.
        log.debug("Media session {}: {}", callId, cause.toString());
    }

    // Event loop, once the socket is closed: no datagram can arrive any more.
    private void onSocketClosed() {
        if (!loop.inEventLoop()) {
            loop.execute(this::onSocketClosed);
            return;
        }
        if (finalized) {
            return;
        }
        finalized = true;
        closing.set(true);
        try {
            pacer.unregister(this);
            ByteBuf frame;
            while ((frame = early.pollFirst()) != null) {
                frame.release();
            }
            onClosed.run();
            MediaStats stats = stats();
            log.info(
                    "Media session {} closed: in={} out={} lost={} late={} jitter={}ms dropped={} malformed={}"
                            + " playoutResyncs={}",
                    callId, stats.packetsIn(), stats.packetsOut(), stats.lost(), stats.late(),
                    String.format("%.1f", stats.jitterMillis()), stats.dropped(), stats.malformed(),
                    schedule.resyncs());
        } finally {
            closed.tryEmitEmpty();
        }
    }

    static String hostPort(String host, int port) {
        boolean ipv6Literal = host.indexOf(':') >= 0 && !host.startsWith("[");
        return (ipv6Literal ? "[" + host + "]" : host) + ":" + port;
    }
}
