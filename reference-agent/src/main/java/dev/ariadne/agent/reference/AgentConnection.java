package dev.ariadne.agent.reference;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** One WebSocket connection from the orchestrator: records what arrives and answers per mode and script. */
final class AgentConnection {

    private static final Logger log = LoggerFactory.getLogger(AgentConnection.class);
    private static final Duration FRAME = Duration.ofMillis(20);

    private record Close(int code, String reason) {}

    private final ReferenceAgentConfig config;
    private final RecordedCall call;
    private final JsonMapper json;
    private final Sinks.Many<Object> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final AtomicReference<Close> close = new AtomicReference<>();
    private final Disposable.Composite timers = Disposables.composite();
    private volatile String streamSid;
    private boolean started;

    AgentConnection(ReferenceAgentConfig config, RecordedCall call, JsonMapper json) {
        this.config = config;
        this.call = call;
        this.json = json;
    }

    RecordedCall call() {
        return call;
    }

    Mono<Void> handle(WebsocketInbound in, WebsocketOutbound out) {
        in.receiveCloseStatus().subscribe(status -> {
            call.closeStatus(status.code(), status.reasonText());
            log.info("call {} closed by orchestrator: {} {}", call.callId(), status.code(), status.reasonText());
        });
        Mono<Void> receive = in.aggregateFrames(1 << 20)
                .receiveFrames()
                .doOnNext(this::onFrame)
                .then()
                .doFinally(signal -> complete());
        Mono<Void> send = out.sendObject(outbound.asFlux().map(AgentConnection::toFrame))
                .then()
                .then(Mono.defer(() -> {
                    Close c = close.get();
                    return c == null ? Mono.empty() : out.sendClose(c.code(), c.reason());
                }));
        return Mono.when(receive, send).doFinally(signal -> {
            timers.dispose();
            call.markClosed();
        });
    }

    /** Sends {@code hangup} (ariadne.v1); a Twilio agent has no such message and closes the socket instead. */
    void hangup(String reason) {
        log.info("call {} hangup: {}", call.callId(), reason);
        if ("twilio".equals(call.profile())) {
            disconnect(1000, reason);
        } else {
            sendJson(Map.of("type", "hangup", "reason", reason));
        }
    }

    /** Closes the WebSocket from the agent's side with this code and reason. */
    void disconnect(int code, String reason) {
        if (close.compareAndSet(null, new Close(code, reason))) {
            log.info("call {} closing socket: {} {}", call.callId(), code, reason);
            complete();
        }
    }

    private void onFrame(WebSocketFrame frame) {
        if (frame instanceof BinaryWebSocketFrame) {
            byte[] audio = ByteBufUtil.getBytes(frame.content());
            call.profile("ariadne.v1");
            call.audio(audio);
            if (config.mode() == ReferenceAgentConfig.Mode.ECHO) {
                emit(audio);
            }
        } else if (frame instanceof TextWebSocketFrame text) {
            onText(text.text());
        }
    }

    @SuppressWarnings("unchecked")
    private void onText(String text) {
        Map<String, Object> message;
        try {
            message = json.readValue(text, Map.class);
        } catch (JacksonException e) {
            log.warn("call {} sent unparseable text: {}", call.callId(), e.getOriginalMessage());
            return;
        }
        if (!"media".equals(message.get("event"))) {
            call.message(message);
        }
        if (message.get("event") instanceof String event) {
            call.profile("twilio");
            TwilioEvents.onEvent(this, event, message);
        } else if (message.get("type") instanceof String type) {
            call.profile("ariadne.v1");
            onAriadne(type, message);
        } else {
            log.warn("call {} sent a message without type or event", call.callId());
        }
    }

    private void onAriadne(String type, Map<String, Object> message) {
        switch (type) {
            case "start" -> onStart(message, (String) message.get("callId"));
            case "dtmf" -> onDtmf(String.valueOf(message.get("digit")));
            case "mark" -> onMarkEchoed(String.valueOf(message.get("name")));
            case "stop" -> onStop(message);
            case "error" -> log.warn("call {} orchestrator reports error: {}", call.callId(), message.get("message"));
            default -> log.warn("call {} unknown message type {}", call.callId(), type);
        }
    }

    void onStart(Map<String, Object> message, String callId) {
        call.start(message, callId);
        log.info("call {} start ({}, mode {})", call.callId(), call.profile(), config.mode());
        synchronized (this) {
            if (started) {
                return;
            }
            started = true;
        }
        if (config.mode() == ReferenceAgentConfig.Mode.TONE) {
            boolean twilio = "twilio".equals(call.profile());
            SineWave sine = new SineWave(config.toneHz(), twilio ? 8000 : 16000, config.toneLevel());
            timers.add(Flux.interval(FRAME).subscribe(tick -> {
                if (twilio) {
                    sendMedia(MuLaw.fromPcm(sine.next(160)));
                } else {
                    emit(sine.next(320));
                }
            }));
        }
        for (Step step : config.steps()) {
            if (step.trigger() instanceof Step.Trigger.After after) {
                timers.add(Mono.delay(after.delay()).subscribe(t -> act(step.action())));
            }
        }
    }

    void onDtmf(String digit) {
        call.dtmf(digit);
        log.info("call {} dtmf {}", call.callId(), digit);
        for (Step step : config.steps()) {
            if (step.trigger() instanceof Step.Trigger.OnDtmf on && on.digit().equals(digit)) {
                act(step.action());
            }
        }
    }

    void onMarkEchoed(String name) {
        call.markEchoed(name);
        log.info("call {} mark echoed: {}", call.callId(), name);
    }

    void onStop(Map<String, Object> message) {
        call.stop(message);
        log.info("call {} stop: {}", call.callId(), message);
    }

    void onTwilioMedia(String streamSid, byte[] ulaw) {
        this.streamSid = streamSid;
        call.audio(MuLaw.toPcm(ulaw));
        if (config.mode() == ReferenceAgentConfig.Mode.ECHO) {
            sendMedia(ulaw);
        }
    }

    void streamSid(String streamSid) {
        this.streamSid = streamSid;
    }

    private void sendMedia(byte[] ulaw) {
        Map<String, Object> media = Map.of("payload", Base64.getEncoder().encodeToString(ulaw));
        sendJson(Map.of("event", "media", "streamSid", String.valueOf(streamSid), "media", media));
    }

    private void act(Step.Action action) {
        boolean twilio = "twilio".equals(call.profile());
        Map<String, Object> message = new LinkedHashMap<>();
        switch (action) {
            case Step.Action.Hangup h -> {
                hangup(h.reason());
                return;
            }
            case Step.Action.Mark m -> {
                log.info("call {} sending mark {}", call.callId(), m.name());
                if (twilio) {
                    message.put("event", "mark");
                    message.put("streamSid", streamSid);
                    message.put("mark", Map.of("name", m.name()));
                } else {
                    message.put("type", "mark");
                    message.put("name", m.name());
                }
            }
            case Step.Action.Clear c -> {
                log.info("call {} sending clear", call.callId());
                message.put(twilio ? "event" : "type", "clear");
                if (twilio) {
                    message.put("streamSid", streamSid);
                }
            }
            case Step.Action.Transfer t -> {
                log.info("call {} sending transfer to {}", call.callId(), t.to());
                message.put("type", "transfer");
                message.put("to", t.to());
            }
            case Step.Action.SendDtmf d -> {
                log.info("call {} sending dtmf {}", call.callId(), d.digits());
                message.put("type", "dtmf");
                message.put("digits", d.digits());
            }
        }
        if (twilio && message.containsKey("type")) {
            log.warn("call {}: Twilio Media Streams has no {} message; skipped", call.callId(), message.get("type"));
            return;
        }
        sendJson(message);
    }

    void sendJson(Map<String, Object> message) {
        emit(json.writeValueAsString(message));
    }

    private void emit(Object item) {
        synchronized (outbound) {
            outbound.tryEmitNext(item);
        }
    }

    private void complete() {
        timers.dispose();
        synchronized (outbound) {
            outbound.tryEmitComplete();
        }
    }

    private static WebSocketFrame toFrame(Object item) {
        return item instanceof byte[] bytes
                ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes))
                : new TextWebSocketFrame((String) item);
    }
}
