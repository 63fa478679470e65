package dev.ariadne.ai;

import dev.ariadne.media.MuLawCodec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code twilio} compatibility profile: Twilio Media Streams' JSON events with base64 mu-law 8 kHz audio,
 * so agents written for Twilio work unchanged. Twilio has no message for agent-side DTMF, transfer or hangup,
 * nor an error event: malformed messages are only reported, not answered.
 */
final class TwilioWire implements AgentWire {

    private final AgentSessionSpec spec;
    private final JsonMapper json;
    private final MuLawCodec codec = new MuLawCodec();
    private final String streamSid = "MZ" + UUID.randomUUID().toString().replace("-", "");
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong chunk = new AtomicLong();

    TwilioWire(AgentSessionSpec spec, JsonMapper json) {
        this.spec = spec;
        this.json = json;
    }

    @Override
    public List<Object> opening(Map<String, Object> details) {
        Map<String, Object> connected = new LinkedHashMap<>();
        connected.put("event", "connected");
        connected.put("protocol", "Call");
        connected.put("version", "1.0.0");
        Map<String, Object> custom = new HashMap<>();
        for (String key : List.of("direction", "from", "to", "trunk", "agent")) {
            if (details.get(key) != null) {
                custom.put(key, String.valueOf(details.get(key)));
            }
        }
        if (details.get("customParameters") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> custom.put(String.valueOf(k), v));
        }
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("streamSid", streamSid);
        start.put("accountSid", spec.tenantId());
        start.put("callSid", spec.callId());
        start.put("tracks", List.of("inbound"));
        start.put("customParameters", custom);
        start.put("mediaFormat", Map.of("encoding", "audio/x-mulaw", "sampleRate", 8000, "channels", 1));
        Map<String, Object> message = event("start");
        message.put("start", start);
        return List.of(json.writeValueAsString(connected), json.writeValueAsString(message));
    }

    @Override
    public Object audio(byte[] frameLe) {
        long n = chunk.incrementAndGet();
        Map<String, Object> media = new LinkedHashMap<>();
        media.put("track", "inbound");
        media.put("chunk", Long.toString(n));
        media.put("timestamp", Long.toString((n - 1) * frameLe.length / 32));
        media.put("payload", codec.encodeBase64(frameLe));
        Map<String, Object> message = event("media");
        message.put("media", media);
        return json.writeValueAsString(message);
    }

    @Override
    public Object dtmf(String digit) {
        Map<String, Object> message = event("dtmf");
        message.put("dtmf", Map.of("track", "inbound_track", "digit", digit));
        return json.writeValueAsString(message);
    }

    @Override
    public Object markPlayed(String name) {
        Map<String, Object> message = event("mark");
        message.put("mark", Map.of("name", name));
        return json.writeValueAsString(message);
    }

    @Override
    public Object stop(String reason, String cause) {
        Map<String, Object> message = event("stop");
        message.put("stop", Map.of("accountSid", spec.tenantId(), "callSid", spec.callId()));
        return json.writeValueAsString(message);
    }

    @Override
    public Object error(String message) {
        return null;
    }

    @Override
    public AgentEvent text(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException e) {
            return new AgentEvent.Malformed("invalid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject() || !node.path("event").isString()) {
            return new AgentEvent.Malformed("message without a string \"event\"");
        }
        String event = node.path("event").asString();
        return switch (event) {
            case "media" -> {
                JsonNode payload = node.path("media").path("payload");
                if (!payload.isString()) {
                    yield new AgentEvent.Malformed("\"media\" without \"media.payload\"");
                }
                try {
                    yield new AgentEvent.Audio(codec.decodeBase64(payload.asString()));
                } catch (IllegalArgumentException e) {
                    yield new AgentEvent.Malformed("\"media.payload\" is not base64");
                }
            }
            case "mark" -> {
                JsonNode name = node.path("mark").path("name");
                yield name.isString()
                        ? new AgentEvent.Mark(name.asString())
                        : new AgentEvent.Malformed("\"mark\" without \"mark.name\"");
            }
            case "clear" -> new AgentEvent.Clear();
            default -> new AgentEvent.Malformed("unknown event \"" + event + "\"");
        };
    }

    @Override
    public AgentEvent binary(byte[] data) {
        return new AgentEvent.Malformed("binary frame in the twilio profile");
    }

    private Map<String, Object> event(String name) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("event", name);
        message.put("sequenceNumber", Long.toString(sequence.incrementAndGet()));
        message.put("streamSid", streamSid);
        return message;
    }
}
