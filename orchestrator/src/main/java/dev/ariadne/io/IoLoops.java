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
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The event loops that carry calls' audio: each call's UDP socket and its agent WebSocket are registered on the
 * same loop, so a frame goes from one to the other on one thread, without a hand-off between threads, and the
 * call's pacing runs there too. One loop per core by default; epoll where the native transport loads, NIO
 * elsewhere.
 */
public final class IoLoops implements AutoCloseable {

    private final EventLoopGroup group;
    private final boolean epoll;

    public IoLoops(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = one per core): " + threads);
        }
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory("ariadne-media", true), io);
    }

    /** The loop for a new call (round robin). */
    public EventLoop next() {
        return group.next();
    }

    public EventLoopGroup group() {
        return group;
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Whether the loops run on Linux epoll (else Java NIO). */
    public boolean nativeTransport() {
        return epoll;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
