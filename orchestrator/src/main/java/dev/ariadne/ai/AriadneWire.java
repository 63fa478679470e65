package dev.ariadne.ai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The ariadne.v1 profile: binary slin16 frames and typed JSON messages. */
final class AriadneWire implements AgentWire {

    private static final Map<String, Object> MEDIA_FORMAT = Map.of(
            "encoding", "audio/l16", "sampleRate", 16000, "channels", 1, "endianness", "little");

    private final AgentSessionSpec spec;
    private final JsonMapper json;

    AriadneWire(AgentSessionSpec spec, JsonMapper json) {
        this.spec = spec;
        this.json = json;
    }

    @Override
    public List<Object> opening(Map<String, Object> details) {
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("type", "start");
        start.put("callId", spec.callId());
        start.put("tenantId", spec.tenantId());
        details.forEach(start::putIfAbsent);
        start.put("mediaFormat", MEDIA_FORMAT);
        start.putIfAbsent("customParameters", Map.of());
        return List.of(json.writeValueAsString(start));
    }

    @Override
    public boolean binaryAudio() {
        return true;
    }

    @Override
    public Object audio(byte[] frameLe) {
        return frameLe.clone();
    }

    @Override
    public Object dtmf(String digit) {
        return message("type", "dtmf", "digit", digit);
    }

    @Override
    public Object markPlayed(String name) {
        return message("type", "mark", "name", name);
    }

    @Override
    public Object stop(String reason, String cause) {
        Map<String, Object> stop = new LinkedHashMap<>();
        stop.put("type", "stop");
        stop.put("reason", reason);
        stop.put("cause", cause);
        return json.writeValueAsString(stop);
    }

    @Override
    public Object error(String message) {
        return message("type", "error", "message", message);
    }

    @Override
    public AgentEvent text(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException e) {
            return new AgentEvent.Malformed("invalid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject() || !node.path("type").isString()) {
            return new AgentEvent.Malformed("message without a string \"type\"");
        }
        String type = node.path("type").asString();
        return switch (type) {
            case "clear" -> new AgentEvent.Clear();
            case "mark" -> field(node, "name", AgentEvent.Mark::new, type);
            case "dtmf" -> field(node, "digits", AgentEvent.Dtmf::new, type);
            case "transfer" -> field(node, "to", AgentEvent.Transfer::new, type);
            case "hangup" -> new AgentEvent.Hangup(
                    node.path("reason").isString() ? node.path("reason").asString() : "agent hangup");
            default -> new AgentEvent.Malformed("unknown type \"" + type + "\"");
        };
    }

    @Override
    public AgentEvent binary(byte[] data) {
        return data.length % 2 == 0
                ? new AgentEvent.Audio(data)
                : new AgentEvent.Malformed("audio frame of odd length " + data.length);
    }

    private static AgentEvent field(
            JsonNode node, String name, java.util.function.Function<String, AgentEvent> event, String type) {
        JsonNode value = node.path(name);
        if (!value.isString() || value.asString().isEmpty()) {
            return new AgentEvent.Malformed("\"" + type + "\" without \"" + name + "\"");
        }
        return event.apply(value.asString());
    }

    private String message(String k1, String v1, String k2, String v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return json.writeValueAsString(m);
    }
}
