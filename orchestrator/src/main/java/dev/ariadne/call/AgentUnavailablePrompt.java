package dev.ariadne.call;

import dev.ariadne.ari.AriEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The agent could not be reached (circuit open, refused, handshake failed or timed out): the caller hears a
 * short prompt, then the call ends with cause {@code agent_unreachable} and the reason on the record.
 */
final class AgentUnavailablePrompt {
    private static final Logger log = LoggerFactory.getLogger(AgentUnavailablePrompt.class);
    private final CallSession call;

    AgentUnavailablePrompt(CallSession call) {
        this.call = call;
    }

    Mono<Void> run(Throwable why) {
        String reason = why.getClass().getSimpleName() + ": " + why.getMessage();
        call.span.warn(log, "agent {} unreachable, playing prompt: {}", call.context.agent().id(), reason);
        var ari = call.services.ari();
        var props = call.services.props();
        Mono<Void> played = ari.play(call.channelId, props.unavailablePrompt())
                .flatMap(playbackId -> ari.events()
                        .filter(e -> e instanceof AriEvent.PlaybackFinished p && p.playbackId().equals(playbackId)
                                || e instanceof AriEvent.ChannelDestroyed d && d.channelId().equals(call.channelId))
                        .next()
                        .then())
                .timeout(props.promptTimeout(), Mono.empty())
                .onErrorResume(e -> {
                    call.span.warn(log, "prompt not played: {}", e.toString());
                    return Mono.empty();
                });
        return played.then(call.endNow(new CallSession.End("agent_unreachable", 16, reason)));
    }
}
