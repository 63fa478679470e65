package dev.ariadne.agent.reference;

import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Twilio Media Streams events as the reference agent understands them. */
final class TwilioEvents {

    private static final Logger log = LoggerFactory.getLogger(TwilioEvents.class);

    private TwilioEvents() {}

    @SuppressWarnings("unchecked")
    static void onEvent(AgentConnection connection, String event, Map<String, Object> message) {
        String streamSid = (String) message.get("streamSid");
        switch (event) {
            case "connected" -> log.info("twilio stream connected");
            case "start" -> {
                connection.streamSid(streamSid);
                Map<String, Object> start = (Map<String, Object>) message.getOrDefault("start", Map.of());
                connection.onStart(message, (String) start.get("callSid"));
            }
            case "media" -> {
                Map<String, Object> media = (Map<String, Object>) message.getOrDefault("media", Map.of());
                Object payload = media.get("payload");
                if (payload instanceof String base64) {
                    connection.onTwilioMedia(streamSid, Base64.getDecoder().decode(base64));
                }
            }
            case "dtmf" -> {
                Map<String, Object> dtmf = (Map<String, Object>) message.getOrDefault("dtmf", Map.of());
                connection.onDtmf(String.valueOf(dtmf.get("digit")));
            }
            case "mark" -> {
                Map<String, Object> mark = (Map<String, Object>) message.getOrDefault("mark", Map.of());
                connection.onMarkEchoed(String.valueOf(mark.get("name")));
            }
            case "stop" -> connection.onStop(message);
            default -> log.warn("unknown twilio event {}", event);
        }
    }
}
