package dev.ariadne.e2e;

import dev.ariadne.ari.AriEvent;
import dev.ariadne.ari.AriProperties;
import dev.ariadne.ari.ChannelInfo;
import dev.ariadne.ari.EndpointInfo;
import dev.ariadne.ari.TestAriClients;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The carrier simulator's side of the tests: a second Asterisk whose ARI (app {@code carrier}) places calls
 * to Ariadne over the {@code to-ariadne} endpoint, plays tones, records what it hears, sends DTMF and hangs
 * up; its registrar (endpoint {@code ariadne}) is where a trunk with {@code register=true} registers.
 *
 * <p>Events are driven by the orchestrator's own {@link dev.ariadne.ari.AriClient} and kept from the moment the
 * carrier connected, so a test can wait for an event that already happened.
 */
public final class Carrier implements AutoCloseable {
    /** Caller id of every call the carrier places. */
    public static final String CALLER = "+15550100001";

    private final AriProperties properties;
    private final AsteriskInstance asterisk;
    private final TestAriClients.Closeable ari;
    private final Sinks.Many<AriEvent> events = Sinks.many().replay().limit(Duration.ofMinutes(15));
    private final Disposable subscription;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String basicAuth;

    Carrier(AriProperties properties, AsteriskInstance asterisk) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.asterisk = Objects.requireNonNull(asterisk, "asterisk");
        this.ari = TestAriClients.create(properties);
        this.basicAuth = "Basic " + Base64.getEncoder().encodeToString(
                (properties.username() + ":" + properties.password()).getBytes(StandardCharsets.UTF_8));
        this.subscription = ari.client().events().subscribe(e -> events.tryEmitNext(e));
        events().filter(AriEvent.Connected.class::isInstance).next().block(Duration.ofSeconds(15));
    }

    /** Every event of the carrier's Stasis app since the carrier connected, then live ones. */
    public Flux<AriEvent> events() {
        return events.asFlux();
    }

    /**
     * Calls Ariadne: originates {@code PJSIP/<e164>@to-ariadne} into the app {@code carrier}, caller id
     * {@link #CALLER}. Returns at once; {@link CarrierCall#awaitAnswered(Duration)} waits for the answer.
     */
    public CarrierCall dial(String e164) {
        ChannelInfo channel = ari.client()
                .originate("PJSIP/" + e164 + "@to-ariadne", "E2E <" + CALLER + ">", "outbound," + e164, 20, Map.of())
                .block(Duration.ofSeconds(10));
        return new CarrierCall(this, Objects.requireNonNull(channel, "originate returned no channel").id());
    }

    /**
     * Calls Ariadne through one of the carrier's endpoints to Ariadne, e.g. {@code to-ariadne-tls} (SIP over TLS
     * with SDES-SRTP) or {@code to-ariadne-dtls} (DTLS-SRTP), see the carrier's pjsip_tls.conf.
     */
    public CarrierCall dial(String e164, String endpoint) {
        ChannelInfo channel = ari.client()
                .originate("PJSIP/" + e164 + "@" + endpoint, "E2E <" + CALLER + ">", "outbound," + e164, 20, Map.of())
                .block(Duration.ofSeconds(10));
        return new CarrierCall(this, Objects.requireNonNull(channel, "originate returned no channel").id());
    }

    /**
     * Calls Ariadne like {@link #dial(String)}, with extra SIP headers on the INVITE (e.g. a forged
     * {@code X-Ariadne-Source}, which the SIP edge must drop).
     */
    public CarrierCall dialWithHeaders(String e164, Map<String, String> headers) {
        Map<String, String> vars = new java.util.LinkedHashMap<>();
        headers.forEach((name, value) -> vars.put("PJSIP_HEADER(add," + name + ")", value));
        ChannelInfo channel = ari.client()
                .originate("PJSIP/" + e164 + "@to-ariadne", "E2E <" + CALLER + ">", "outbound," + e164, 20, vars)
                .block(Duration.ofSeconds(10));
        return new CarrierCall(this, Objects.requireNonNull(channel, "originate returned no channel").id());
    }

    /**
     * Calls Ariadne on the registration Ariadne's trunk made at this carrier: {@code PJSIP/<e164>@ariadne} goes to
     * the registered contact (its {@code line} parameter included) with the number as the Request-URI's user, as a
     * registration-based carrier sends a call for one of its customer's numbers.
     */
    public CarrierCall dialRegistration(String e164) {
        ChannelInfo channel = ari.client()
                .originate("PJSIP/" + e164 + "@ariadne", "E2E <" + CALLER + ">", "outbound," + e164, 20, Map.of())
                .block(Duration.ofSeconds(10));
        return new CarrierCall(this, Objects.requireNonNull(channel, "originate returned no channel").id());
    }

    /**
     * Waits for a call from Ariadne to {@code e164} that the carrier answered and handed to its app
     * ({@code carrier-inbound}: Answer, then {@code Stasis(carrier,inbound,<number>)}).
     */
    public CarrierCall awaitInbound(String e164, Duration timeout) {
        AriEvent.StasisStart start = events()
                .ofType(AriEvent.StasisStart.class)
                .filter(s -> s.args().size() > 1 && s.args().get(0).equals("inbound") && s.args().get(1).equals(e164))
                .next()
                .timeout(timeout, reactor.core.publisher.Mono.empty())
                .block();
        if (start == null) {
            throw new AssertionError("no call from Ariadne to " + e164 + " reached the carrier within " + timeout);
        }
        return new CarrierCall(this, start.channelId(), start.callerNumber());
    }

    /** The carrier's channels for calls to {@code e164} now, answered or still in its dialplan (ringing). */
    public java.util.List<ChannelInfo> channelsTo(String e164) {
        return ari.client().channels().filter(c -> e164.equals(c.dialedExten())).collectList().block(Duration.ofSeconds(5));
    }

    /** The carrier's view of a PJSIP endpoint, e.g. {@code ariadne} (Ariadne's registration). */
    public EndpointInfo endpoint(String resource) {
        return ari.client().endpoint("PJSIP", resource).block(Duration.ofSeconds(5));
    }

    /** Whether the carrier's registrar has a contact for the AOR (the trunk user), per {@code pjsip show contacts}. */
    public boolean hasContact(String aor) {
        return asterisk.cli("pjsip show contacts").lines()
                .anyMatch(line -> line.strip().startsWith("Contact:") && line.contains(" " + aor + "/sip:"));
    }

    /** Output of a CLI command on the carrier. */
    public String cli(String command) {
        return asterisk.cli(command);
    }

    /** Where ARI recordings of the carrier land. */
    public Path recordings() {
        return asterisk.recordings();
    }

    dev.ariadne.ari.AriClient ari() {
        return ari.client();
    }

    /** A plain ARI request for what {@link dev.ariadne.ari.AriClient} does not offer; returns the status. */
    int request(String method, String path, Map<String, String> query) {
        StringBuilder uri = new StringBuilder(properties.url().replaceAll("/+$", "")).append("/ari").append(path);
        char sep = '?';
        for (Map.Entry<String, String> q : query.entrySet()) {
            uri.append(sep).append(q.getKey()).append('=')
                    .append(URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri.toString()))
                .header("Authorization", basicAuth)
                .timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + ": "
                        + response.body());
            }
            return response.statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        subscription.dispose();
        ari.close();
    }
}
