package dev.ariadne.io;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The event loops that carry calls' audio: each call's UDP socket and its agent WebSocket are registered on the
 * same loop, so a frame goes from one to the other on one thread, without a hand-off between threads, and the
 * call's pacing runs there too. One loop per core by default; Linux epoll where the native transport loads
 * (io_uring on request), NIO elsewhere.
 */
public final class IoLoops implements AutoCloseable {

    /** The I/O mechanism of the loops. */
    public enum Transport {
        /** epoll on Linux when it loads, else NIO. */
        AUTO,
        EPOLL,
        IO_URING,
        NIO
    }

    private final EventLoopGroup group;
    private final Transport transport;

    public IoLoops(int threads) {
        this(threads, Transport.AUTO);
    }

    public IoLoops(int threads, Transport requested) {
        this(threads, requested, "ariadne-media");
    }

    /** Loops whose threads are named {@code name-<n>-<m>}. */
    public IoLoops(int threads, Transport requested, String name) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = one per core): " + threads);
        }
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.transport = switch (requested) {
            case AUTO -> Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO;
            case EPOLL -> {
                Epoll.ensureAvailability();
                yield Transport.EPOLL;
            }
            case IO_URING -> {
                IoUring.ensureAvailability();
                yield Transport.IO_URING;
            }
            case NIO -> Transport.NIO;
        };
        IoHandlerFactory io = switch (transport) {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
        this.group = new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory(name, true), io);
    }

    /** The loop for a new call (round robin). */
    public EventLoop next() {
        return group.next();
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return switch (transport) {
            case EPOLL -> EpollDatagramChannel.class;
            case IO_URING -> IoUringDatagramChannel.class;
            default -> NioDatagramChannel.class;
        };
    }

    public Class<? extends SocketChannel> socketChannel() {
        return switch (transport) {
            case EPOLL -> EpollSocketChannel.class;
            case IO_URING -> IoUringSocketChannel.class;
            default -> NioSocketChannel.class;
        };
    }

    /** The transport in use (never {@link Transport#AUTO}). */
    public Transport transport() {
        return transport;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
