package dev.ariadne.sip;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One flow of SIP messages to a peer: a connected UDP socket, or a TCP or TLS connection. Responses arrive on
 * {@link #responses()}; a transport failure (ICMP port unreachable on UDP, a closed connection) ends it with the
 * error. Raw Netty on the caller's event loop, like the agent connector: nothing here blocks.
 */
public final class SipFlow implements AutoCloseable {
    /** Largest SIP message a TCP flow accepts before it gives up on the peer. */
    static final int MAX_MESSAGE = 64 * 1024;
    private final Channel channel;
    private final String transport;
    private final Sinks.Many<SipResponse> responses = Sinks.many().multicast().onBackpressureBuffer(64, false);

    private SipFlow(Channel channel, String transport) {
        this.channel = channel;
        this.transport = transport;
    }

    /**
     * Opens a flow. {@code transport} is {@code udp}, {@code tcp} or {@code tls}; {@code tls} needs the context
     * and verifies the peer against {@code tlsHost} (SNI and host name).
     */
    public static Mono<SipFlow> open(EventLoop loop, Class<? extends DatagramChannel> datagrams,
            Class<? extends SocketChannel> sockets, InetSocketAddress target, String transport, String tlsHost,
            SslContext tls, Duration connectTimeout) {
        return Mono.create(sink -> {
            SipFlow[] flow = new SipFlow[1];
            Bootstrap b = new Bootstrap().group(loop);
            if (transport.equals("udp")) {
                b.channel(datagrams).handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                                deliver(flow[0], p.content().toString(StandardCharsets.UTF_8));
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                fail(flow[0], cause);
                            }
                        });
                    }
                });
            } else {
                b.channel(sockets)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                        .handler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel ch) {
                                if (transport.equals("tls")) {
                                    io.netty.handler.ssl.SslHandler ssl =
                                            tls.newHandler(ch.alloc(), tlsHost, target.getPort());
                                    javax.net.ssl.SSLParameters p = ssl.engine().getSSLParameters();
                                    p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
                                    ssl.engine().setSSLParameters(p);
                                    ch.pipeline().addLast(ssl);
                                }
                                ch.pipeline().addLast(new Framer(), new SimpleChannelInboundHandler<String>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, String msg) {
                                        deliver(flow[0], msg);
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        fail(flow[0], new java.io.IOException("the peer closed the connection"));
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        fail(flow[0], cause);
                                        ctx.close();
                                    }
                                });
                            }
                        });
            }
            b.connect(target).addListener(f -> {
                io.netty.channel.ChannelFuture cf = (io.netty.channel.ChannelFuture) f;
                if (!cf.isSuccess()) {
                    sink.error(cf.cause());
                    return;
                }
                flow[0] = new SipFlow(cf.channel(), transport);
                if (transport.equals("tls")) {
                    io.netty.handler.ssl.SslHandler ssl = cf.channel().pipeline().get(io.netty.handler.ssl.SslHandler.class);
                    ssl.handshakeFuture().addListener(h -> {
                        if (h.isSuccess()) {
                            sink.success(flow[0]);
                        } else {
                            cf.channel().close();
                            sink.error(h.cause());
                        }
                    });
                } else {
                    sink.success(flow[0]);
                }
            });
            sink.onCancel(() -> {
                if (flow[0] != null) {
                    flow[0].close();
                }
            });
        });
    }

    /** {@code UDP}, {@code TCP} or {@code TLS}, as a Via header names it. */
    public String viaTransport() {
        return transport.toUpperCase(java.util.Locale.ROOT);
    }

    /** Our side of the flow, {@code host:port}, for Via and Contact. */
    public String local() {
        InetSocketAddress a = (InetSocketAddress) channel.localAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    public boolean reliable() {
        return !transport.equals("udp");
    }

    public Flux<SipResponse> responses() {
        return responses.asFlux();
    }

    /** Sends one message; completes when it is written. */
    public Mono<Void> send(String message) {
        return Mono.create(sink -> {
            ByteBuf buf = Unpooled.copiedBuffer(message, StandardCharsets.UTF_8);
            Object out = transport.equals("udp")
                    ? new DatagramPacket(buf, (InetSocketAddress) channel.remoteAddress()) : buf;
            channel.writeAndFlush(out).addListener(f -> {
                if (f.isSuccess()) {
                    sink.success();
                } else {
                    sink.error(f.cause());
                }
            });
        });
    }

    private static void deliver(SipFlow flow, String text) {
        if (flow != null) {
            flow.received(text);
        }
    }

    private static void fail(SipFlow flow, Throwable cause) {
        if (flow != null) {
            flow.failed(cause);
        }
    }

    private void received(String text) {
        SipResponse r;
        try {
            r = SipResponse.parse(text);
        } catch (IllegalArgumentException e) {
            return; // a request from the peer (e.g. its own OPTIONS) or garbage: not ours to answer
        }
        responses.tryEmitNext(r);
    }

    private void failed(Throwable cause) {
        responses.tryEmitError(cause);
    }

    @Override
    public void close() {
        channel.close();
    }

    /** Splits a TCP byte stream into SIP messages (headers up to the blank line, then Content-Length bytes). */
    static final class Framer extends ByteToMessageDecoder {
        private static final byte[] END = {'\r', '\n', '\r', '\n'};

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (true) {
                // RFC 5626 keep-alives (CRLF) between messages
                while (in.isReadable() && (in.getByte(in.readerIndex()) == '\r' || in.getByte(in.readerIndex()) == '\n')) {
                    in.skipBytes(1);
                }
                int end = indexOf(in);
                if (end < 0) {
                    if (in.readableBytes() > MAX_MESSAGE) {
                        throw new io.netty.handler.codec.TooLongFrameException("SIP message headers over 64 KiB");
                    }
                    return;
                }
                String head = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.UTF_8);
                int length = contentLength(head);
                int total = end + END.length - in.readerIndex() + length;
                if (total > MAX_MESSAGE) {
                    throw new io.netty.handler.codec.TooLongFrameException("SIP message over 64 KiB");
                }
                if (in.readableBytes() < total) {
                    return;
                }
                out.add(in.readCharSequence(total, StandardCharsets.UTF_8).toString());
            }
        }

        private static int indexOf(ByteBuf in) {
            for (int i = in.readerIndex(); i + 3 < in.writerIndex(); i++) {
                if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r'
                        && in.getByte(i + 3) == '\n') {
                    return i;
                }
            }
            return -1;
        }

        static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String name = line.substring(0, colon).strip();
                    if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("l")) {
                        try {
                            return Math.max(0, Integer.parseInt(line.substring(colon + 1).strip()));
                        } catch (NumberFormatException e) {
                            return 0;
                        }
                    }
                }
            }
            return 0;
        }
    }
}
