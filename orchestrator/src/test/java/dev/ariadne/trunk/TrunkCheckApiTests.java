package dev.ariadne.trunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.support.Api;
import dev.ariadne.support.ApiTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code POST /api/v1/trunks/validate} and {@code /health-check} against SIP peers in the test (real sockets, the
 * carrier's answers scripted): the digest answer is checked here independently of the client's code. The real
 * carrier (Asterisk) is in the e2e module's TrunkCheckE2eTests.
 */
@ApiTest
class TrunkCheckApiTests {
    private static final String PASSWORD = "Tr0unk-S3cret-xyz";
    @Autowired
    WebTestClient web;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(web);
    }

    @Test
    void badFieldsAreRefusedWithTheirReasonsAndNothingIsSent() {
        String key = api.tenant("pro");
        Map<String, Object> body = Api.trunkBody("bad");
        body.remove("host");
        body.put("transport", "sctp");
        api.post(key, "/api/v1/trunks/validate", body).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[?(@.field == 'host')].reason").exists()
                .jsonPath("$.errors[?(@.field == 'transport')].reason").exists();
    }

    @Test
    void overTcpTheRightPasswordAnswersTheChallengeAndAWrongOneIsAuthFailed() throws Exception {
        try (TcpRegistrar carrier = new TcpRegistrar()) {
            String key = api.tenant("pro");
            Map<String, Object> body = body(carrier.port(), "tcp");
            Map<String, Object> ok = validate(key, body);
            assertThat(ok).containsEntry("ok", true).containsEntry("reachable", true).containsEntry("transport", "tcp");
            assertThat(ok.get("registration").toString()).contains("result=ok").contains("sipStatus=200")
                    .contains("challenged=true");
            assertThat(carrier.requests()).anySatisfy(r -> assertThat(r).startsWith("REGISTER ")
                    .contains("Expires: 0").contains("Authorization: Digest username=\"acct-1001\""));
            assertThat(ok.toString()).doesNotContain(PASSWORD);

            body.put("password", "wrong");
            Map<String, Object> wrong = validate(key, body);
            assertThat(wrong).containsEntry("ok", false);
            assertThat(wrong.get("registration").toString()).contains("result=auth_failed").contains("sipStatus=401");
            assertThat(wrong.get("hints").toString()).contains("check the username 'acct-1001' and the password");
        }
    }

    @Test
    void aForbiddenRegisterWithoutAChallengeIsRejectedWithTheAllowListHint() throws Exception {
        try (UdpPeer carrier = new UdpPeer(request -> request.startsWith("REGISTER") ? 403 : 200)) {
            String key = api.tenant("pro");
            Map<String, Object> report = validate(key, body(carrier.port(), "udp"));
            assertThat(report.get("registration").toString()).contains("result=rejected").contains("sipStatus=403")
                    .contains("challenged=false");
            assertThat(report.get("hints").toString()).contains("allow list");
            assertThat(((Number) report.get("roundTripMs")).doubleValue()).isPositive();
        }
    }

    @Test
    void aHostInADeniedNetworkIsNotContacted() {
        String key = api.tenant("pro");
        Map<String, Object> body = body(5060, "udp");
        body.put("host", "169.254.169.254");
        Map<String, Object> report = validate(key, body);
        assertThat(report.get("options").toString()).contains("result=address_denied");
        assertThat(report).containsEntry("reachable", false).containsEntry("ok", false);
    }

    @Test
    void aHealthCheckOfAnotherTenantsTrunkIsNotFound() {
        String owner = api.tenant("pro");
        String id = api.create(owner, "/api/v1/trunks", Api.trunkBody("theirs"));
        String other = api.tenant("pro");
        api.post(other, "/api/v1/trunks/" + id + "/health-check", Map.of()).expectStatus().isNotFound();
        // The owner's check answers; without AMI (off in these tests) Asterisk is not asked to qualify.
        api.post(owner, "/api/v1/trunks/" + id + "/health-check", Map.of()).expectStatus().isOk().expectBody()
                .jsonPath("$.asteriskQualified").isEqualTo(false)
                .jsonPath("$.host").isEqualTo("sip.carrier.example");
    }

    private Map<String, Object> body(int port, String transport) {
        Map<String, Object> body = Api.trunkBody("check");
        body.put("host", "127.0.0.1");
        body.put("port", port);
        body.put("transport", transport);
        return body;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> validate(String key, Map<String, Object> body) {
        return api.post(key, "/api/v1/trunks/validate", body).expectStatus().isOk().expectBody(Map.class)
                .returnResult().getResponseBody();
    }

    /** A UDP SIP peer that answers every request with the status the script picks. */
    static final class UdpPeer implements AutoCloseable {
        private final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());

        UdpPeer(java.util.function.ToIntFunction<String> status) throws Exception {
            Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[8192];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        socket.receive(p);
                        String req = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                        byte[] resp = response(req, status.applyAsInt(req), "").getBytes(StandardCharsets.UTF_8);
                        socket.send(new DatagramPacket(resp, resp.length, p.getSocketAddress()));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** A TCP registrar: challenges REGISTER (qop=auth) and checks the answer with MD5 computed here. */
    static final class TcpRegistrar implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        private final List<String> requests = new CopyOnWriteArrayList<>();

        TcpRegistrar() throws Exception {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.ofVirtual().start(() -> serve(s));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket s) {
            try (s) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                List<String> lines = new ArrayList<>();
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.isEmpty()) {
                        lines.add(line);
                        continue;
                    }
                    String req = String.join("\r\n", lines) + "\r\n";
                    lines.clear();
                    requests.add(req);
                    String out;
                    if (!req.startsWith("REGISTER")) {
                        out = response(req, 200, "");
                    } else if (!req.contains("Authorization:")) {
                        out = response(req, 401, "WWW-Authenticate: Digest realm=\"carrier\", nonce=\"n0nce\","
                                + " qop=\"auth\", algorithm=MD5\r\n");
                    } else {
                        out = response(req, validDigest(req) ? 200 : 401, "");
                    }
                    s.getOutputStream().write(out.getBytes(StandardCharsets.UTF_8));
                }
            } catch (Exception e) {
                // the client closed
            }
        }

        private static boolean validDigest(String req) throws Exception {
            String uri = param(req, "uri");
            String ha1 = md5("acct-1001:carrier:" + PASSWORD);
            String ha2 = md5("REGISTER:" + uri);
            String expected = md5(ha1 + ":n0nce:" + param(req, "nc") + ":" + param(req, "cnonce") + ":auth:" + ha2);
            return expected.equals(param(req, "response"));
        }

        private static String param(String req, String name) {
            Matcher m = Pattern.compile("[ ,]" + name + "=\"?([^\",\\r]+)").matcher(req);
            return m.find() ? m.group(1) : "";
        }

        private static String md5(String s) throws Exception {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        }

        int port() {
            return server.getLocalPort();
        }

        List<String> requests() {
            return requests;
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    /** A response to the request: its Via, From, To, Call-ID and CSeq copied back. */
    static String response(String req, int status, String extra) {
        StringBuilder b = new StringBuilder("SIP/2.0 ").append(status).append(status == 200 ? " OK" : " Refused")
                .append("\r\n");
        for (String line : req.split("\r\n")) {
            for (String h : List.of("Via:", "From:", "To:", "Call-ID:", "CSeq:")) {
                if (line.startsWith(h)) {
                    b.append(line).append(h.equals("To:") ? ";tag=carrier" : "").append("\r\n");
                }
            }
        }
        return b.append(extra).append("Content-Length: 0\r\n\r\n").toString();
    }
}
