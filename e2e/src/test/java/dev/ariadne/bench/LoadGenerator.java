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
// Both use a single UDP socket: the orchestrator answers to the source address of what it receives, so the
// source port of a returning packet names its call.
//
// Returning packets (L16 8 kHz, PT 11) carry the agent's frame number mod 4096 (BenchFrame). The orchestrator
// numbers its packets consecutively, one per agent frame it plays, so the RTP sequence number unwraps that code:
// the number expected next is the last one plus the sequence distance; a larger one means the orchestrator
// skipped agent frames (playout overflow), a sequence gap that packets were lost on the way.
final class LoadGenerator implements AutoCloseable {

    static final long PERIOD_NANOS = 20_000_000;
    private static final int PAYLOAD = 640;
    private static final int HEADER = 12;
    private static final int PAYLOAD_TYPE = 118;
    private static final int RETURN_PAYLOAD_TYPE = 11;
    private static final int RETURN_PAYLOAD = 320;

    private final DatagramChannel channel;
    private final InetSocketAddress[] targets;
    private final long[] offsets;
    private final long t0;
    private final Thread sender;
    private final Thread receiver;
    private volatile boolean running = true;
    private volatile boolean sending = true;
    private volatile long lastArrival;
    private volatile long frame; // frames (periods) fully sent so far
    private volatile long lateSends; // sends more than 5 ms behind their schedule

    private final EchoAgent.Window window;
    private volatile long sentInWindow;

    // Receiver thread only; read by others after close() (which joins it).
    private final int[] callByPort;
    private final int minPort;
    private final long[][] arrival; // [call][agent frame number]: arrival time, 0 if none
    private final int[] lastSequence;
    private final long[] lastNumber;
    private long sequenceGaps; // packets missing between the orchestrator and here
    private long skipped; // agent frames the orchestrator never sent
    private long unreadable;

    LoadGenerator(List<Integer> ports, EchoAgent.Window window) {
        this.window = window;
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
        minPort = ports.stream().mapToInt(Integer::intValue).min().orElse(0);
        callByPort = new int[ports.stream().mapToInt(Integer::intValue).max().orElse(0) - minPort + 1];
        java.util.Arrays.fill(callByPort, -1);
        arrival = new long[n][(int) window.end()];
        lastSequence = new int[n];
        lastNumber = new long[n];
        java.util.Arrays.fill(lastSequence, -1);
        for (int i = 0; i < n; i++) {
            targets[i] = new InetSocketAddress("127.0.0.1", ports.get(i));
            offsets[i] = PERIOD_NANOS * i / n;
            callByPort[ports.get(i) - minPort] = i;
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

    /**
     * Stops sending, then waits until nothing has come back for {@code quietMillis} (at most {@code maxMillis}),
     * so that frames still queued in the orchestrator are counted late rather than lost.
     */
    void drain(long quietMillis, long maxMillis) throws InterruptedException {
        sending = false;
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        while (System.nanoTime() - lastArrival < quietMillis * 1_000_000 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    long sentInWindow() {
        return sentInWindow;
    }

    /** Arrival times of call {@code i}'s packets by agent frame number (0: never came); after close(). */
    long[] arrival(int i) {
        return arrival[i];
    }

    /** Packets lost between the orchestrator and the generator (RTP sequence gaps); after close(). */
    long sequenceGaps() {
        return sequenceGaps;
    }

    /** Agent frames the orchestrator skipped (never sent, e.g. playout overflow); after close(). */
    long skipped() {
        return skipped;
    }

    /** Returning packets that were not a marked 8 kHz frame; after close(). */
    long unreadable() {
        return unreadable;
    }

    private void send() {
        ByteBuffer packet = ByteBuffer.allocateDirect(HEADER + PAYLOAD);
        int n = targets.length;
        long k = 0;
        int i = 0;
        long sent = 0;
        try {
            while (running && sending) {
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
        try {
            while (running) {
                buf.clear();
                var from = (InetSocketAddress) channel.receive(buf);
                long now = System.nanoTime();
                lastArrival = now;
                int port = from.getPort() - minPort;
                int call = port >= 0 && port < callByPort.length ? callByPort[port] : -1;
                int code = buf.position() == HEADER + RETURN_PAYLOAD && call >= 0
                                && (buf.get(1) & 0x7f) == RETURN_PAYLOAD_TYPE
                        ? BenchFrame.readAgentCode(buf, HEADER)
                        : -1;
                if (code < 0) {
                    unreadable++;
                    continue;
                }
                int sequence = buf.getShort(2) & 0xffff;
                long expected = 0;
                if (lastSequence[call] >= 0) {
                    int distance = (sequence - lastSequence[call]) & 0xffff;
                    if (distance == 0 || distance > 0x8000) {
                        continue; // duplicate or reordered behind a later one
                    }
                    sequenceGaps += distance - 1;
                    expected = lastNumber[call] + distance;
                }
                long number = expected + Math.floorMod(code - expected, BenchFrame.CODE_MODULUS);
                skipped += number - expected;
                lastSequence[call] = sequence;
                lastNumber[call] = number;
                if (number < arrival[call].length && arrival[call][(int) number] == 0) {
                    arrival[call][(int) number] = now;
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
