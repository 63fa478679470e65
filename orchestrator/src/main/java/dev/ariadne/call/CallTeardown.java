package dev.ariadne.call;

import dev.ariadne.ai.AgentSession;
import dev.ariadne.media.MediaSession;
import dev.ariadne.media.MediaStats;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Ends a call once, in order: the phone leg's channel (unless already gone; an outbound call still ringing gets
 * a CANCEL), the bridge, the external media channel, the agent's socket ({@code stop} first, if it started), the
 * UDP port; then the record is finalized with the status, the cause and the media statistics. Every step runs
 * even when an earlier one failed.
 */
final class CallTeardown {
    private static final Logger log = LoggerFactory.getLogger(CallTeardown.class);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(3);
    /**
     * Endings where Ariadne, not a party to the call, lost it or cut it (a shutdown's drain timeout): the call failed
     * even though it was up.
     */
    private static final Set<String> PLATFORM_FAILURES = Set.of("setup_failed", "media_failed", "asterisk_lost",
            "media_channel_lost", "relay_failed", "stream_timeout", CallDrain.CAUSE);
    private final CallSession call;

    CallTeardown(CallSession call) {
        this.call = call;
    }

    Mono<Void> run(CallSession.End end) {
        call.relays.dispose();
        var ari = call.services.ari();
        AgentSession agent = call.agent;
        MediaSession media = call.media;
        Mono<Void> steps = Mono.when(
                step("hangup phone leg", call.legGone ? Mono.empty()
                        : call.onTwilio() ? call.services.twilio().hangup(call.tenantId(), call.twilioCallSid)
                        : call.channelId == null ? Mono.empty() : ari.hangup(call.channelId, "normal")))
                .then(step("destroy bridge", call.bridgeId == null ? Mono.empty() : ari.destroyBridge(call.bridgeId)))
                .then(step("hangup media channel",
                        call.mediaChannelId == null ? Mono.empty() : ari.hangup(call.mediaChannelId, "normal")))
                .then(step("close agent socket", agent == null ? Mono.empty() : agent.stop(end.cause(), stopCause(end))))
                .then(step("close media", media == null ? Mono.empty() : media.close()));
        return steps.then(Mono.defer(() -> finish(end, agent)))
                .doFinally(s -> {
                    call.services.registry().remove(call);
                    call.services.streams().forget(call);
                });
    }

    private Mono<Void> finish(CallSession.End end, AgentSession agent) {
        boolean failed = !call.answered || !call.agentConnected || PLATFORM_FAILURES.contains(end.cause());
        String status = end.cause().equals("canceled") ? "canceled"
                : end.cause().equals(call.context.party() + "_hangup") && call.answered && call.agentConnected
                        ? "completed" : failed ? "failed" : "completed";
        String agentReason = end.agentReason() != null ? end.agentReason() : agent == null ? null : agent.closeReason();
        MediaStats s = call.mediaStats();
        CallRecord.Media m = s == null ? CallRecord.Media.NONE
                : new CallRecord.Media(s.packetsIn(), s.packetsOut(), s.lost(), s.late(), s.dropped() + s.droppedInbound(),
                        s.jitterMillis());
        Integer code = end.causeCode() != null ? end.causeCode() : call.legCause;
        Integer firstAudio = call.firstAudioMillis();
        return call.services.records().finish(call.callId, status, end.cause(), code, null, m, agentReason, firstAudio)
                .doOnSuccess(x -> {
                    if (Boolean.TRUE.equals(x)) {
                        meters(status, end, s, firstAudio);
                    }
                    call.span.info(log, "call ended: {} ({}), frames in/out {}/{}, lost {}, first agent audio after {} ms",
                            status, end.cause(), m.framesIn(), m.framesOut(), m.framesLost(), firstAudio);
                    call.span.end(status, end.cause(), failed);
                })
                .then();
    }

    private void meters(String status, CallSession.End end, MediaStats media, Integer firstAudio) {
        CallMeters meters = call.services.meters();
        String direction = call.context.direction();
        meters.ended(direction, status, end.cause());
        long up = call.upNanos;
        if (call.answered && up != 0) {
            meters.up(direction, System.nanoTime() - up, firstAudio, media);
        }
    }

    private static String stopCause(CallSession.End end) {
        return end.causeCode() == null ? "" : Integer.toString(end.causeCode());
    }

    private Mono<Void> step(String name, Mono<Void> work) {
        return CallSession.ignoreGone(work)
                .timeout(STEP_TIMEOUT)
                .onErrorResume(e -> {
                    call.span.debug(log, "teardown step '{}' failed: {}", name, e.toString());
                    return Mono.empty();
                });
    }
}
