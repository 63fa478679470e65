package dev.ariadne.twilio;

import dev.ariadne.call.TwilioCalls;
import dev.ariadne.call.TwilioStreamTarget;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ariadne's Media Streams server, {@code /twilio/media}: Twilio opens one socket per call it streams and sends
 * {@code connected}, {@code start} (with the call's one-time token in {@code customParameters}), {@code media},
 * {@code dtmf}, {@code mark} and {@code stop}; Ariadne sends {@code media}, {@code mark} and {@code clear} back.
 * A socket whose {@code start} carries no valid token (unknown, used or expired) is closed with 1008 and opens
 * nothing; one that sends no {@code start} within 10 s is closed too.
 */
@Configuration(proxyBeanMethods = false)
class TwilioMediaHandler implements WebSocketHandler {
    private static final Logger log = LoggerFactory.getLogger(TwilioMediaHandler.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private final TwilioCalls calls;

    TwilioMediaHandler(TwilioCalls calls) {
        this.calls = calls;
    }

    @Bean
    HandlerMapping twilioMediaMapping() {
        return new SimpleUrlHandlerMapping(Map.of(TwilioDialerAdapter.MEDIA, this), -1);
    }

    /** One socket's state: the call it streams once {@code start} named it. */
    private final class Connection {
        final WebSocketSession ws;
        final Sinks.Many<String> out = Sinks.many().unicast().onBackpressureBuffer();
        final AtomicReference<TwilioStreamMedia> media = new AtomicReference<>();
        volatile TwilioStreamTarget target;
        volatile boolean ended;
        volatile CloseStatus closeStatus = CloseStatus.NORMAL;
        final reactor.core.Disposable startTimer;

        Connection(WebSocketSession ws) {
            this.ws = ws;
            this.startTimer = Mono.delay(START_TIMEOUT)
                    .filter(x -> media.get() == null && !ended)
                    .flatMap(x -> {
                        log.warn("Media Streams socket {}: no start within {}; closing", ws.getId(), START_TIMEOUT);
                        refuse("no start");
                        return Mono.<Void>empty();
                    })
                    .subscribe(x -> {}, e -> {});
        }

        Mono<Void> on(String text) {
            JsonNode m;
            try {
                m = JSON.readTree(text);
            } catch (JacksonException e) {
                log.warn("Media Streams socket {}: not JSON, ignored", ws.getId());
                return Mono.empty();
            }
            String event = m.path("event").asString("");
            TwilioStreamMedia stream = media.get();
            switch (event) {
                case "start" -> {
                    return start(m.path("start"), m.path("streamSid").asString(m.path("start").path("streamSid").asString("")));
                }
                case "media" -> {
                    if (stream != null) {
                        stream.fromTwilio(m.path("media").path("payload").asString(""),
                                m.path("media").path("chunk").asLong(-1));
                    }
                }
                case "dtmf" -> {
                    if (target != null) {
                        target.dtmf(m.path("dtmf").path("digit").asString(""));
                    }
                }
                case "mark" -> {
                    if (stream != null) {
                        stream.markEchoed(m.path("mark").path("name").asString(""));
                    }
                }
                case "stop" -> end("stop");
                default -> {} // connected, and whatever Twilio adds
            }
            return Mono.empty();
        }

        Mono<Void> start(JsonNode start, String streamSid) {
            String token = start.path("customParameters").path(TwiMl.TOKEN).asString(null);
            String callSid = start.path("callSid").asString(null);
            Optional<TwilioStreamTarget> claimed = media.get() != null ? Optional.empty()
                    : calls.claimStream(token, callSid);
            if (claimed.isEmpty()) {
                log.warn("Media Streams socket {} (call {}): no valid stream token; closing", ws.getId(), callSid);
                refuse("unknown or used stream token");
                return Mono.empty();
            }
            TwilioStreamMedia stream = new TwilioStreamMedia(streamSid, out);
            media.set(stream);
            target = claimed.get();
            log.info("Media Stream {} of Twilio call {} opened", streamSid, callSid);
            target.attach(stream);
            return Mono.empty();
        }

        /** Closes the socket with 1008 once what is queued is written; nothing was opened for it. */
        void refuse(String reason) {
            closeStatus = CloseStatus.POLICY_VIOLATION.withReason(reason);
            out.tryEmitComplete();
        }

        void end(String why) {
            if (ended) {
                return;
            }
            ended = true;
            startTimer.dispose();
            TwilioStreamMedia stream = media.get();
            if (target != null) {
                target.ended(why);
            }
            if (stream != null) {
                stream.ended();
            } else {
                out.tryEmitComplete();
            }
        }
    }

    @Override
    public Mono<Void> handle(WebSocketSession ws) {
        Connection c = new Connection(ws);
        Mono<Void> send = ws.send(c.out.asFlux().map(ws::textMessage)).then(Mono.defer(() -> ws.close(c.closeStatus)));
        Mono<Void> receive = ws.receive()
                .map(WebSocketMessage::getPayloadAsText)
                .concatMap(c::on)
                .then()
                .doFinally(s -> c.end("socket closed"));
        return Mono.when(send, receive);
    }
}
