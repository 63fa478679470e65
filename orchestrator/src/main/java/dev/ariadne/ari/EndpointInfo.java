package dev.ariadne.ari;

import java.util.List;

/** An endpoint (e.g. a PJSIP trunk) and the channels currently on it. */
public record EndpointInfo(String technology, String resource, String state, List<String> channelIds) {
    public EndpointInfo {
        channelIds = channelIds == null ? List.of() : List.copyOf(channelIds);
    }
}
