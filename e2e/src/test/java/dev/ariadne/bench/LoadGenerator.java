package dev.ariadne.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

// Plays Asterisk for N calls: one thread sends every call's 20 ms slin16 RTP packet at real-time pace (call i
// offset by i/N of a period, as independent channels would be), one thread receives the orchestrator's RTP.
// Both use a single UDP socket: the orchestrator answers to the source address of what it receives.
final class LoadGenerator implements AutoCloseable {

    static final long PERIOD_NANOS = 20_000_000;
    private static final int PAYLOAD = 640;
    private static final int HEADER = 12;
    private static final int PAYLOAD_TYPE = 118;

    private final DatagramChannel channel;
    private final InetSocketAddress[] targets;
    private final long[] offsets;
    private final long t0;
    private final Thread sender;
    private final Thread receiver;
    private volatile boolean running = true;
    private volatile long frame; // frames (periods) fully sent so far
    private volatile long lateSends; // sends more than 5 ms behind their schedule

    // Measurement window, set before it starts; written once, read by the threads.
    private volatile EchoAgent.Window window = EchoAgent.Window.NONE;
    private volatile long sentInWindow;
    private long[] arrival = new long[0];
    private long[] generatorSent = new long[0];
    private long[] agentSent = new long[0];
    private volatile int returned;

    LoadGenerator(List<Integer> ports) {
        try {
            channel = DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            channel.bind(new InetSocketAddress("127.0.0.1", 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int n = ports.size();
        targets = new InetSocketAddress[n];
        offsets = new long[n];
        for (int i = 0; i < n; i++) {
            targets[i] = new InetSocketAddress("127.0.0.1", ports.get(i));
            offsets[i] = PERIOD_NANOS * i / n;
        }
        t0 = System.nanoTime() + 50_000_000;
        sender = Thread.ofPlatform().name("bench-rtp-send").daemon().start(this::send);
        receiver = Thread.ofPlatform().name("bench-rtp-receive").daemon().start(this::receive);
    }

    /** Frame index k whose sends have all been made. */
    long frame() {
        return frame;
    }

    long lateSends() {
        return lateSends;
    }

    /** Measures the frames of window {@code w}; call before its first frame is sent. */
    void window(EchoAgent.Window w) {
        int capacity = (int) ((w.end() - w.first()) * targets.length);
        arrival = new long[capacity];
        generatorSent = new long[capacity];
        agentSent = new long[capacity];
        returned = 0;
        sentInWindow = 0;
        window = w;
    }

    long sentInWindow() {
        return sentInWindow;
    }

    int returned() {
        return returned;
    }

    long[] arrival() {
        return arrival;
    }

    long[] generatorSent() {
        return generatorSent;
    }

    long[] agentSent() {
        return agentSent;
    }

    private void send() {
        ByteBuffer packet = ByteBuffer.allocateDirect(HEADER + PAYLOAD);
        int n = targets.length;
        long k = 0;
        int i = 0;
        long sent = 0;
        try {
            while (running) {
                long deadline = t0 + k * PERIOD_NANOS + offsets[i];
                long wait = deadline - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                if (-wait > 5_000_000) {
                    lateSends++;
                }
                packet.clear();
                packet.put(0, (byte) 0x80);
                packet.put(1, (byte) PAYLOAD_TYPE);
                packet.putShort(2, (short) k);
                packet.putInt(4, (int) (k * 320));
                packet.putInt(8, i);
                packet.putShort(HEADER, BenchFrame.MAGIC);
                packet.putShort(HEADER + 2 * BenchFrame.CALL, (short) i);
                BenchFrame.writeBe(packet, HEADER, BenchFrame.INDEX, 2, k);
                BenchFrame.writeBe(packet, HEADER, BenchFrame.GENERATOR_SENT, 4, System.nanoTime());
                channel.send(packet, targets[i]);
                if (window.contains(k)) {
                    sentInWindow = ++sent;
                }
                if (++i == n) {
                    i = 0;
                    frame = k++;
                }
            }
        } catch (ClosedChannelException e) {
            // closed: done
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void receive() {
        ByteBuffer buf = ByteBuffer.allocateDirect(2048);
        int count = 0;
        EchoAgent.Window current = window;
        try {
            while (running) {
                buf.clear();
                channel.receive(buf);
                long now = System.nanoTime();
                if (buf.position() < HEADER + 24 || buf.getShort(HEADER) != BenchFrame.MAGIC) {
                    continue;
                }
                if (window != current) {
                    current = window;
                    count = 0;
                }
                long k = BenchFrame.readBe(buf, HEADER, BenchFrame.INDEX, 2);
                if (current.contains(k) && count < arrival.length) {
                    arrival[count] = now;
                    generatorSent[count] = BenchFrame.readBe(buf, HEADER, BenchFrame.GENERATOR_SENT, 4);
                    agentSent[count] = BenchFrame.readBe(buf, HEADER, BenchFrame.AGENT_SENT, 4);
                    returned = ++count;
                }
            }
        } catch (ClosedChannelException e) {
            // closed: done
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            channel.close();
            sender.join(1000);
            receiver.join(1000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
