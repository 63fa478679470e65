package dev.ariadne.e2e;

import dev.ariadne.agent.reference.MuLaw;
import dev.ariadne.agent.reference.SineWave;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Twilio's side of a Twilio call, as Twilio documents it: the voice webhook and status callbacks, form-encoded and
 * signed ({@code X-Twilio-Signature}: HMAC-SHA1 of the URL and the sorted parameters under the account's auth
 * token, computed here from the documentation, not with the SDK Ariadne checks it with), and the Media Streams
 * WebSocket client Twilio opens for {@code <Connect><Stream>} ({@code connected}, {@code start}, {@code media}
 * as base64 mu-law 8 kHz in 20 ms chunks, {@code dtmf}, {@code mark}, {@code stop}).
 */
final class TwilioPeer {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String baseUrl;
    private final String accountSid;
    private final String authToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param baseUrl Ariadne's {@code ariadne.public-url}, which the signatures cover */
    TwilioPeer(String baseUrl, String accountSid, String authToken) {
        this.baseUrl = baseUrl;
        this.accountSid = accountSid;
        this.authToken = authToken;
    }

    static String sid(String prefix) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    String accountSid() {
        return accountSid;
    }

    /** The account's auth token, which Twilio signs with. */
    String authToken() {
        return authToken;
    }

    /** Ariadne's answer to a webhook: its HTTP status and body (TwiML for the voice webhook). */
    record Answer(int status, String body) {
        /** The {@code <Stream url>} of a {@code <Connect><Stream>}, or null. */
        String streamUrl() {
            Element stream = first("Stream");
            return stream == null ? null : stream.getAttribute("url");
        }

        /** The stream's custom {@code <Parameter>}s. */
        Map<String, String> parameters() {
            Map<String, String> p = new LinkedHashMap<>();
            Document doc = doc();
            if (doc != null) {
                NodeList l = doc.getElementsByTagName("Parameter");
                for (int i = 0; i < l.getLength(); i++) {
                    Element e = (Element) l.item(i);
                    p.put(e.getAttribute("name"), e.getAttribute("value"));
                }
            }
            return p;
        }

        /** The reason of a {@code <Reject>}, or null when the call is not rejected. */
        String rejectReason() {
            Element reject = first("Reject");
            return reject == null ? null : reject.getAttribute("reason");
        }

        private Element first(String tag) {
            Document doc = doc();
            if (doc == null) {
                return null;
            }
            NodeList l = doc.getElementsByTagName(tag);
            return l.getLength() == 0 ? null : (Element) l.item(0);
        }

        private Document doc() {
            if (status != 200 || body == null || !body.startsWith("<?xml")) {
                return null;
            }
            try {
                return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(body)));
            } catch (Exception e) {
                throw new IllegalStateException("TwiML that does not parse: " + body, e);
            }
        }
    }

    /** The parameters Twilio posts to a number's voice URL for an incoming call. */
    Map<String, String> voiceParams(String callSid, String from, String to) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", accountSid);
        p.put("ApiVersion", "2010-04-01");
        p.put("CallSid", callSid);
        p.put("CallStatus", "ringing");
        p.put("Called", to);
        p.put("Caller", from);
        p.put("Direction", "inbound");
        p.put("From", from);
        p.put("To", to);
        return p;
    }

    /** Twilio's voice webhook for an incoming call, signed. */
    Answer voice(String callSid, String from, String to) {
        Map<String, String> p = voiceParams(callSid, from, to);
        return post("/twilio/voice", p, signature(authToken, baseUrl + "/twilio/voice", p));
    }

    /** A status callback ({@code CallStatus} e.g. ringing, in-progress, completed, busy, failed), signed. */
    Answer status(String callSid, String callStatus) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AccountSid", accountSid);
        p.put("ApiVersion", "2010-04-01");
        p.put("CallSid", callSid);
        p.put("CallStatus", callStatus);
        p.put("CallDuration", "3");
        return post("/twilio/status", p, signature(authToken, baseUrl + "/twilio/status", p));
    }

    /** POSTs a form to Ariadne with {@code signature} as X-Twilio-Signature (none when null). */
    Answer post(String path, Map<String, String> params, String signature) {
        String form = params.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "TwilioProxy/1.1")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (Exception e) {
            throw new IllegalStateException("POST " + path + " failed", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** X-Twilio-Signature as Twilio documents it. */
    static String signature(String token, String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens the Media Stream of call {@code callSid} to {@code url}, sends connected and start. */
    MediaStream stream(String url, String callSid, Map<String, String> customParameters) {
        MediaStream s = new MediaStream(accountSid, callSid, customParameters);
        try {
            s.ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(url), s.listener()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Media Streams socket to " + url + " did not open", e);
        }
        s.sendStart();
        return s;
    }

    /**
     * One Media Stream, as Twilio runs it: the caller's audio goes out in 20 ms chunks at real-time pace; what
     * Ariadne sends is played out at 8 kHz (kept here as PCM), a {@code mark} is echoed once the audio before it
     * has played, {@code clear} drops what is queued (and echoes the pending marks, as Twilio does).
     */
    static final class MediaStream implements AutoCloseable {
        private final String accountSid;
        private final String callSid;
        private final Map<String, String> customParameters;
        final String streamSid = sid("MZ");
        private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "twilio-peer-stream");
            t.setDaemon(true);
            return t;
        });
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final List<String> marksEchoed = new ArrayList<>();
        private final List<String> events = new ArrayList<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private WebSocket ws;
        private long sequence;
        private long chunk;
        private long playedUntilNanos;
        private final Map<String, ScheduledFuture<?>> pendingMarks = new LinkedHashMap<>();
        private ScheduledFuture<?> playing;
        private int clears;

        private MediaStream(String accountSid, String callSid, Map<String, String> customParameters) {
            this.accountSid = accountSid;
            this.callSid = callSid;
            this.customParameters = Map.copyOf(customParameters);
        }

        private WebSocket.Listener listener() {
            return new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        String message = text.toString();
                        text.setLength(0);
                        onMessage(message);
                    }
                    socket.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                    closed.complete(statusCode);
                    stopPlaying();
                    return null;
                }

                @Override
                public void onError(WebSocket socket, Throwable error) {
                    closed.complete(-1);
                }
            };
        }

        private synchronized void onMessage(String message) {
            JsonNode m = JSON.readTree(message);
            String event = m.path("event").asString("");
            events.add(event);
            switch (event) {
                case "media" -> {
                    byte[] ulaw = Base64.getDecoder().decode(m.path("media").path("payload").asString(""));
                    for (byte b : ulaw) {
                        short s = MuLaw.decode(b);
                        received.write(s & 0xff);
                        received.write((s >> 8) & 0xff);
                    }
                    long now = System.nanoTime();
                    playedUntilNanos = Math.max(playedUntilNanos, now) + ulaw.length * 125_000L; // 8 kHz
                }
                case "mark" -> {
                    String name = m.path("mark").path("name").asString("");
                    long delay = Math.max(0, playedUntilNanos - System.nanoTime());
                    pendingMarks.put(name, clock.schedule(() -> echoMark(name), delay, TimeUnit.NANOSECONDS));
                }
                case "clear" -> {
                    clears++;
                    playedUntilNanos = System.nanoTime();
                    // Twilio sends back the marks of the cleared audio at once.
                    pendingMarks.forEach((name, f) -> {
                        if (f.cancel(false)) {
                            clock.execute(() -> echoMark(name));
                        }
                    });
                    pendingMarks.clear();
                }
                default -> {}
            }
        }

        private void echoMark(String name) {
            synchronized (this) {
                marksEchoed.add(name);
                pendingMarks.remove(name);
            }
            Map<String, Object> mark = new LinkedHashMap<>(header("mark"));
            mark.put("mark", Map.of("name", name));
            send(mark);
        }

        private synchronized Map<String, Object> header(String event) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("event", event);
            m.put("sequenceNumber", Long.toString(++sequence));
            m.put("streamSid", streamSid);
            return m;
        }

        private void send(Map<String, Object> message) {
            String text = JSON.writeValueAsString(message);
            synchronized (this) {
                if (closed.isDone()) {
                    return;
                }
                ws.sendText(text, true).join();
            }
        }

        private void sendStart() {
            Map<String, Object> connected = new LinkedHashMap<>();
            connected.put("event", "connected");
            connected.put("protocol", "Call");
            connected.put("version", "1.0.0");
            send(connected);
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("streamSid", streamSid);
            start.put("accountSid", accountSid);
            start.put("callSid", callSid);
            start.put("tracks", List.of("inbound"));
            start.put("customParameters", customParameters);
            start.put("mediaFormat", Map.of("encoding", "audio/x-mulaw", "sampleRate", 8000, "channels", 1));
            Map<String, Object> m = header("start");
            m.put("start", start);
            send(m);
        }

        /** Starts sending a {@code hz} sine as the caller's voice: 160 mu-law bytes every 20 ms. */
        synchronized void play(double hz) {
            stopPlaying();
            SineWave sine = new SineWave(hz, 8000, 0.5);
            long t0 = System.nanoTime();
            playing = clock.scheduleAtFixedRate(() -> {
                byte[] pcm = sine.next(160);
                byte[] ulaw = new byte[160];
                for (int i = 0; i < 160; i++) {
                    ulaw[i] = MuLaw.encode((short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8)));
                }
                Map<String, Object> m = header("media");
                long n;
                synchronized (this) {
                    n = ++chunk;
                }
                m.put("media", Map.of("track", "inbound", "chunk", Long.toString(n),
                        "timestamp", Long.toString((System.nanoTime() - t0) / 1_000_000),
                        "payload", Base64.getEncoder().encodeToString(ulaw)));
                send(m);
            }, 0, 20, TimeUnit.MILLISECONDS);
        }

        synchronized void stopPlaying() {
            if (playing != null) {
                playing.cancel(false);
                playing = null;
            }
        }

        void dtmf(String digit) {
            Map<String, Object> m = header("dtmf");
            m.put("dtmf", Map.of("track", "inbound_track", "digit", digit));
            send(m);
        }

        /** Twilio's {@code stop}: the call ended at Twilio's side. */
        void stop() {
            stopPlaying();
            Map<String, Object> m = header("stop");
            m.put("stop", Map.of("accountSid", accountSid, "callSid", callSid));
            send(m);
        }

        /** What Ariadne sent, decoded to 8 kHz 16-bit PCM. */
        synchronized byte[] receivedPcm() {
            return received.toByteArray();
        }

        synchronized List<String> marksEchoed() {
            return List.copyOf(marksEchoed);
        }

        synchronized List<String> events() {
            return List.copyOf(events);
        }

        synchronized int clears() {
            return clears;
        }

        /** The close code once Ariadne closed the socket (-1 on an error); not done while open. */
        CompletableFuture<Integer> closed() {
            return closed;
        }

        @Override
        public void close() {
            stopPlaying();
            clock.shutdownNow();
            if (!closed.isDone()) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
                ws.abort();
            }
        }
    }
}
