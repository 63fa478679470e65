package dev.ariadne.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ariadne.io.IoLoops;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The AMI client against a small AMI server on a real socket, speaking the protocol as Asterisk 22 does. */
class AmiClientTests {
    private final IoLoops loops = new IoLoops(1);
    private FakeAmi server;
    private AmiClient client;

    @AfterEach
    void close() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        loops.close();
    }

    private AmiClient connect(String password) {
        client = new AmiClient(new AmiProperties(true, "127.0.0.1", server.port(), "ariadne", password,
                Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(200)), loops);
        client.start();
        return client;
    }

    @Test
    void anEventListIsCollectedUpToItsCompleteEvent() throws Exception {
        server = new FakeAmi((action, out) -> {
            String id = action.get("ActionID");
            out.accept("Response: Success\r\nActionID: " + id + "\r\nEventList: start\r\nMessage: Following\r\n\r\n");
            out.accept("Event: OutboundRegistrationDetail\r\nActionID: " + id + "\r\nObjectName: a-reg\r\nStatus: Registered\r\n\r\n");
            out.accept("Event: OutboundRegistrationDetail\r\nActionID: " + id + "\r\nObjectName: b-reg\r\nStatus: Rejected\r\n\r\n");
            out.accept("Event: OutboundRegistrationDetailComplete\r\nActionID: " + id + "\r\nEventList: Complete\r\nListItems: 2\r\n\r\n");
        });
        AmiClient c = connect("right");
        await().atMost(Duration.ofSeconds(5)).until(c::connected);

        List<AmiMessage> answer = c.action("PJSIPShowRegistrationsOutbound", Map.of()).block(Duration.ofSeconds(5));

        assertThat(answer).hasSize(3);
        assertThat(answer.get(1).get("objectname")).isEqualTo("a-reg");
        assertThat(answer.get(2).get("Status")).isEqualTo("Rejected");
        assertThat(server.actions()).extracting(m -> m.get("Action")).containsExactly("Login",
                "PJSIPShowRegistrationsOutbound");
        assertThat(server.actions().get(0).get("Events")).isEqualTo("system");
    }

    @Test
    void anErrorResponseFailsTheActionWithItsMessage() throws Exception {
        server = new FakeAmi((action, out) -> out.accept("Response: Error\r\nActionID: " + action.get("ActionID")
                + "\r\nMessage: Unable to retrieve endpoint x\r\n\r\n"));
        AmiClient c = connect("right");
        await().atMost(Duration.ofSeconds(5)).until(c::connected);

        assertThatThrownBy(() -> c.action("PJSIPShowEndpoint", Map.of("Endpoint", "x")).block(Duration.ofSeconds(5)))
                .isInstanceOf(AmiException.class).hasMessage("Unable to retrieve endpoint x");
    }

    @Test
    void unsolicitedEventsReachSubscribers() throws Exception {
        server = new FakeAmi((action, out) -> {});
        AmiClient c = connect("right");
        await().atMost(Duration.ofSeconds(5)).until(c::connected);
        List<AmiMessage> seen = new CopyOnWriteArrayList<>();
        c.events().subscribe(seen::add);

        server.send("Event: Registry\r\nChannelType: PJSIP\r\nUsername: sip:u@h\r\nStatus: Rejected\r\n\r\n");

        await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
        assertThat(seen.get(0).get("Event")).isEqualTo("Registry");
    }

    @Test
    void anActionUnansweredWithinTheTimeoutFails() throws Exception {
        server = new FakeAmi((action, out) -> {});
        AmiClient c = connect("right");
        await().atMost(Duration.ofSeconds(5)).until(c::connected);
        assertThatThrownBy(() -> c.action("Ping", Map.of()).block(Duration.ofSeconds(5)))
                .isInstanceOf(AmiException.class).hasMessageContaining("no complete answer within 2000 ms");
    }

    @Test
    void anActionWhileAmiIsDownFailsAtOnce() throws Exception {
        server = new FakeAmi((action, out) -> {});
        int port = server.port();
        server.close();
        server = null;
        client = new AmiClient(new AmiProperties(true, "127.0.0.1", port, "ariadne", "right", Duration.ofSeconds(2),
                Duration.ofMillis(50), Duration.ofMillis(200)), loops);
        client.start();
        assertThatThrownBy(() -> client.action("Ping", Map.of()).block(Duration.ofSeconds(1)))
                .isInstanceOf(AmiException.class).hasMessage("AMI is not connected");
    }

    @Test
    void aRefusedLoginIsRetriedAndNeverConnects() throws Exception {
        server = new FakeAmi((action, out) -> {});
        AmiClient c = connect("wrong");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.logins() >= 3);
        assertThat(c.connected()).isFalse();
    }

    @Test
    void aLostConnectionIsReestablished() throws Exception {
        server = new FakeAmi((action, out) -> {});
        AmiClient c = connect("right");
        await().atMost(Duration.ofSeconds(5)).until(c::connected);
        server.dropClients();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.logins() >= 2 && c.connected());
    }

    /** Accepts connections, sends the banner, answers Login (secret "right"), and hands other actions to a script. */
    static final class FakeAmi implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Map<String, String>> actions = new CopyOnWriteArrayList<>();
        private final List<Socket> clients = new CopyOnWriteArrayList<>();
        private final Thread thread;

        FakeAmi(BiConsumer<Map<String, String>, java.util.function.Consumer<String>> script) throws Exception {
            socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            thread = Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        clients.add(s);
                        Thread.ofVirtual().start(() -> serve(s, script));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket s, BiConsumer<Map<String, String>, java.util.function.Consumer<String>> script) {
            try (s) {
                OutputStream out = s.getOutputStream();
                java.util.function.Consumer<String> send = text -> {
                    try {
                        synchronized (out) {
                            out.write(text.getBytes(StandardCharsets.UTF_8));
                            out.flush();
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                };
                send.accept("Asterisk Call Manager/9.0.0\r\n");
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.isEmpty()) {
                        int colon = line.indexOf(':');
                        m.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                        continue;
                    }
                    actions.add(m);
                    if ("Login".equals(m.get("Action"))) {
                        boolean ok = "right".equals(m.get("Secret"));
                        send.accept("Response: " + (ok ? "Success" : "Error") + "\r\nActionID: " + m.get("ActionID")
                                + "\r\nMessage: Authentication " + (ok ? "accepted" : "failed") + "\r\n\r\n");
                        if (!ok) {
                            return;
                        }
                    } else {
                        script.accept(m, send);
                    }
                    m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                }
            } catch (Exception e) {
                // the client went away
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        List<Map<String, String>> actions() {
            return actions;
        }

        long logins() {
            return actions.stream().filter(m -> "Login".equals(m.get("Action"))).count();
        }

        void send(String text) throws Exception {
            for (Socket s : clients) {
                if (!s.isClosed()) {
                    s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
                }
            }
        }

        void dropClients() throws Exception {
            for (Socket s : clients) {
                s.close();
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
            dropClients();
            thread.join(1000);
        }
    }
}
