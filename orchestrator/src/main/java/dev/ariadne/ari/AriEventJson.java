package dev.ariadne.ari;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads ARI events from the events WebSocket's JSON text into {@link AriEvent}s. Read here rather than through
 * ari4java's generated models, which lag Asterisk's: ari4java 0.18's ari_10_0_0 models have no
 * {@code tech_cause} (the SIP status that ended a call, on ChannelHangupRequest and ChannelDestroyed), which
 * outbound failover needs. Unknown fields are ignored and missing ones are null, so a newer Asterisk does not
 * break decoding.
 */
final class AriEventJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AriEventJson() {}

    /** The event in {@code text}; {@link AriEvent.Other} for types call control does not use. */
    static AriEvent parse(String text) {
        JsonNode e;
        try {
            e = JSON.readTree(text);
        } catch (JacksonException ex) {
            throw new IllegalArgumentException("ARI event is not JSON: " + ex.getOriginalMessage(), ex);
        }
        String type = text(e, "type");
        JsonNode channel = e.path("channel");
        return switch (type == null ? "" : type) {
            case "StasisStart" -> new AriEvent.StasisStart(text(channel, "id"), text(channel, "name"), args(e),
                    text(channel.path("caller"), "number"), text(channel.path("dialplan"), "exten"),
                    text(channel, "state"), vars(channel.path("channelvars")));
            case "StasisEnd" -> new AriEvent.StasisEnd(text(channel, "id"));
            case "ChannelHangupRequest" ->
                new AriEvent.ChannelHangupRequest(text(channel, "id"), e.path("cause").asInt(0), integer(e, "tech_cause"));
            case "ChannelDestroyed" -> new AriEvent.ChannelDestroyed(text(channel, "id"), e.path("cause").asInt(0),
                    text(e, "cause_txt"), integer(e, "tech_cause"), blank(text(channel, "protocol_id")));
            case "ChannelDtmfReceived" -> new AriEvent.ChannelDtmfReceived(text(channel, "id"), text(e, "digit"),
                    e.path("duration_ms").asInt(0));
            case "ChannelStateChange" -> new AriEvent.ChannelStateChange(text(channel, "id"), text(channel, "state"));
            case "PlaybackFinished" -> new AriEvent.PlaybackFinished(text(e.path("playback"), "id"),
                    text(e.path("playback"), "target_uri"));
            case "Dial" -> new AriEvent.Dial(text(e.path("peer"), "id"), text(e, "dialstatus"));
            default -> new AriEvent.Other(type);
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? null : v.asInt();
    }

    private static List<String> args(JsonNode e) {
        List<String> args = new ArrayList<>();
        e.path("args").forEach(a -> args.add(a.asString()));
        return args;
    }

    private static Map<String, String> vars(JsonNode node) {
        Map<String, String> vars = new LinkedHashMap<>();
        node.properties().forEach(p -> {
            if (!p.getValue().isNull()) {
                vars.put(p.getKey(), p.getValue().asString());
            }
        });
        return vars;
    }
}
