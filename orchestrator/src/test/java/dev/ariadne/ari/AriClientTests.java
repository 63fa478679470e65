package dev.ariadne.ari;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class AriClientTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @RegisterExtension
    static final RealAsterisk asterisk = new RealAsterisk();

    private Ari4jClient client;
    private Sinks.Many<AriEvent> received;
    private Disposable subscription;

    @BeforeEach
    void connect() {
        client = new Ari4jClient(asterisk.properties("ariadne"));
        received = Sinks.many().replay().all();
        subscription = client.events().subscribe(received::tryEmitNext);
        awaitEvent(AriEvent.Connected.class::isInstance);
    }

    @AfterEach
    void close() {
        subscription.dispose();
        client.close();
    }

    @Test
    void infoReportsAsterisk22() {
        StepVerifier.create(client.info())
                .assertNext(info -> assertThat(info.version()).startsWith("22."))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void originatedChannelEntersStasisAndStreamsRtpToExternalMedia() throws Exception {
        try (DatagramSocket rtp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            ChannelInfo call = client.originate("Local/tone@" + RealAsterisk.CONTEXT, "+15550001", "inbound,trunk-1",
                            30, Map.of("ARIADNE_TEST", "yes"))
                    .block(TIMEOUT);
            assertThat(call).isNotNull();

            AriEvent start = awaitEvent(e -> e instanceof AriEvent.StasisStart s && call.id().equals(s.channelId()));
            assertThat(((AriEvent.StasisStart) start).args()).containsExactly("inbound", "trunk-1");
            StepVerifier.create(client.channels().filter(c -> c.id().equals(call.id())))
                    .expectNextCount(1).expectComplete().verify(TIMEOUT);

            StepVerifier.create(client.answer(call.id())).expectComplete().verify(TIMEOUT);
            String bridge = client.createBridge("mixing").block(TIMEOUT);
            ExternalMediaChannel media = client.externalMedia("127.0.0.1:" + rtp.getLocalPort(), "slin16", null)
                    .block(TIMEOUT);
            assertThat(media.localPort()).isPositive();
            assertThat(media.localAddress()).isNotBlank();
            StepVerifier.create(client.addToBridge(bridge, call.id(), media.channelId())).expectComplete().verify(TIMEOUT);
            StepVerifier.create(client.getChannelVar(media.channelId(), "CHANNEL(audionativeformat)"))
                    .assertNext(format -> assertThat(format).contains("slin16")) // Asterisk answers "(slin16)"
                    .expectComplete().verify(TIMEOUT);

            // 50 packets = 1 s of 20 ms slin16 frames (640 bytes) carrying the 440 Hz tone, not silence.
            rtp.setSoTimeout(5000);
            int loudPackets = 0;
            for (int i = 0; i < 50; i++) {
                DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
                rtp.receive(packet);
                assertThat(packet.getData()[0] & 0xC0).as("RTP version 2").isEqualTo(0x80);
                assertThat(packet.getLength()).isEqualTo(12 + 640);
                if (peak(packet.getData(), 12, packet.getLength()) > 1000) {
                    loudPackets++;
                }
            }
            assertThat(loudPackets).isGreaterThan(25);

            StepVerifier.create(client.hangup(call.id(), "normal")).expectComplete().verify(TIMEOUT);
            AriEvent destroyed = awaitEvent(e -> e instanceof AriEvent.ChannelDestroyed d && call.id().equals(d.channelId()));
            assertThat(((AriEvent.ChannelDestroyed) destroyed).cause()).isEqualTo(16);
            StepVerifier.create(client.hangup(media.channelId(), null)).expectComplete().verify(TIMEOUT);
            StepVerifier.create(client.destroyBridge(bridge)).expectComplete().verify(TIMEOUT);
        }
    }

    @Test
    void dtmfFromTheFarSideArrivesAsEvents() {
        ChannelInfo call = client.originate("Local/dtmf@" + RealAsterisk.CONTEXT, null, "dtmf", 30, Map.of())
                .block(TIMEOUT);
        awaitEvent(e -> e instanceof AriEvent.StasisStart s && call.id().equals(s.channelId()));
        StepVerifier.create(client.answer(call.id())).expectComplete().verify(TIMEOUT);
        StepVerifier.create(received.asFlux()
                        .filter(e -> e instanceof AriEvent.ChannelDtmfReceived d && call.id().equals(d.channelId()))
                        .map(e -> ((AriEvent.ChannelDtmfReceived) e).digit())
                        .take(3))
                .expectNext("1", "2", "#")
                .expectComplete()
                .verify(TIMEOUT);
        StepVerifier.create(client.hangup(call.id(), "normal")).expectComplete().verify(TIMEOUT);
    }

    @Test
    void commandsOnAMissingChannelFailWithStatus404() {
        Predicate<Throwable> notFound = e -> e instanceof AriException ae && ae.status() == 404 && ae.isNotFound();
        StepVerifier.create(client.hangup("no-such-channel", "normal")).expectErrorMatches(notFound).verify(TIMEOUT);
        StepVerifier.create(client.answer("no-such-channel")).expectErrorMatches(notFound).verify(TIMEOUT);
        StepVerifier.create(client.getChannelVar("no-such-channel", "CHANNEL(pjsip,call-id)"))
                .expectErrorMatches(notFound).verify(TIMEOUT);
    }

    @Test
    void dynamicConfigCreatesAndDeletesAPjsipEndpoint() {
        StepVerifier.create(client.endpoint("PJSIP", "local-peer"))
                .assertNext(e -> assertThat(e.resource()).isEqualTo("local-peer"))
                .expectComplete().verify(TIMEOUT);
        StepVerifier.create(client.pushDynamicConfig("res_pjsip", "endpoint", "dyn-trunk",
                        Map.of("context", RealAsterisk.CONTEXT, "allow", "ulaw")))
                .expectComplete().verify(TIMEOUT);
        StepVerifier.create(client.endpoint("PJSIP", "dyn-trunk"))
                .assertNext(e -> assertThat(e.technology()).isEqualTo("PJSIP"))
                .expectComplete().verify(TIMEOUT);
        StepVerifier.create(client.deleteDynamicConfig("res_pjsip", "endpoint", "dyn-trunk"))
                .expectComplete().verify(TIMEOUT);
        StepVerifier.create(client.endpoint("PJSIP", "dyn-trunk"))
                .expectErrorMatches(e -> e instanceof AriException ae && ae.isNotFound())
                .verify(TIMEOUT);
        StepVerifier.create(client.reloadModule("res_pjsip.so")).expectComplete().verify(TIMEOUT);
    }

    @Test
    void eventsReportDisconnectedAndConnectedAgainWhenAsteriskRestarts() throws Exception {
        asterisk.restart();
        StepVerifier.create(received.asFlux()
                        .filter(e -> e instanceof AriEvent.Connected || e instanceof AriEvent.Disconnected)
                        .take(3))
                .expectNextMatches(AriEvent.Connected.class::isInstance)
                .expectNextMatches(AriEvent.Disconnected.class::isInstance)
                .expectNextMatches(AriEvent.Connected.class::isInstance)
                .expectComplete()
                .verify(Duration.ofSeconds(30));
        StepVerifier.create(client.info()).expectNextCount(1).expectComplete().verify(TIMEOUT);
    }

    private AriEvent awaitEvent(Predicate<AriEvent> matching) {
        return received.asFlux().filter(matching).next().block(TIMEOUT);
    }

    /** Largest absolute sample of big-endian 16-bit PCM (RTP carries L16 in network order). */
    private static int peak(byte[] data, int from, int to) {
        int peak = 0;
        for (int i = from; i + 1 < to; i += 2) {
            peak = Math.max(peak, Math.abs((short) ((data[i] << 8) | (data[i + 1] & 0xFF))));
        }
        return peak;
    }
}
