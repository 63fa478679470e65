package dev.ariadne.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server on loopback whose certificate (self-signed, for 127.0.0.1, made with openssl) no CA of the stack
 * signed: a carrier impostor. It counts the connections whose TLS handshake completed and keeps what the clients
 * sent after it, so a test can tell "connected, then refused to talk" from "never connected".
 */
final class RogueTlsPeer implements AutoCloseable {
    private final SSLServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final StringBuffer received = new StringBuffer();
    private final Thread acceptor;

    private RogueTlsPeer(SSLServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::serve, "rogue-tls-peer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static RogueTlsPeer start(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path p12 = dir.resolve("rogue.p12");
        if (!Files.exists(p12)) {
            run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-days", "3650", "-subj", "/CN=rogue carrier", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", "rogue.key", "-out", "rogue.crt");
            run(dir, "openssl", "pkcs12", "-export", "-inkey", "rogue.key", "-in", "rogue.crt", "-passout",
                    "pass:rogue", "-out", "rogue.p12");
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, "rogue".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "rogue".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 10,
                InetAddress.getLoopbackAddress());
        s.setEnabledProtocols(new String[] {"TLSv1.2"});
        return new RogueTlsPeer(s);
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** TCP connections accepted. */
    int connections() {
        return connections.get();
    }

    /** Connections that are over (handshake failed, client closed, or 3 s without data). */
    int ended() {
        return ended.get();
    }

    /** Connections whose TLS handshake completed. */
    int handshakes() {
        return handshakes.get();
    }

    /** What clients sent after the handshake (e.g. "OPTIONS sip:..."). */
    String received() {
        return received.toString();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (SSLSocket c = (SSLSocket) server.accept()) {
                connections.incrementAndGet();
                c.setSoTimeout(3000);
                c.startHandshake();
                handshakes.incrementAndGet();
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = c.getInputStream().read(buf)) > 0; ) {
                        received.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    }
                } catch (SocketTimeoutException | javax.net.ssl.SSLException quiet) {
                    // the client sent nothing more, or closed
                }
            } catch (IOException e) {
                // handshake failed or the server closed
            } finally {
                ended.incrementAndGet();
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
