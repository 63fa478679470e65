package dev.ariadne.ai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

// wss:// agents: the connection is TLS and the agent's certificate is verified against the JDK's trust store,
// so a self-signed agent is refused before any audio (or the agent's token) is sent.
class UntrustedTlsAgentTests {

    @TempDir
    Path dir;

    @Test
    void anAgentWithAnUntrustedCertificateIsRefusedDuringTheTlsHandshake() throws Exception {
        Path keystore = dir.resolve("agent.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "agent", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .secure(spec -> spec.sslContext(Http11SslContextSpec.forServer(kmf)))
                .handle((req, res) -> res.sendWebsocket((in, out) -> in.receive().then()))
                .bindNow();
        try {
            WebSocketAgentConnector connector =
                    new WebSocketAgentConnector(AgentProperties.defaults(), RecordingSink.LOOPS);
            AgentSessionSpec spec = new AgentSessionSpec("call-tls", "tenant-1",
                    URI.create("wss://127.0.0.1:" + server.port() + "/agent"), AgentSessionSpec.ARIADNE_V1,
                    "secret-token", null, Map.of());
            StepVerifier.create(connector.connect(spec))
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(AgentUnavailableException.class);
                        assertThat(causes(e)).anyMatch(SSLHandshakeException.class::isInstance);
                        assertThat(e).hasRootCauseMessage("unable to find valid certification path to requested target");
                    })
                    .verify(Duration.ofSeconds(10));
        } finally {
            server.disposeNow();
        }
    }

    private static java.util.List<Throwable> causes(Throwable e) {
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
        }
        return all;
    }
}
