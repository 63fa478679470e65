package dev.ariadne.call;

import dev.ariadne.ai.AgentEvent;
import dev.ariadne.ai.AgentSession;
import dev.ariadne.ari.AriEvent;
import dev.ariadne.ari.AriException;
import dev.ariadne.media.MediaSession;
import dev.ariadne.media.MediaStats;
import dev.ariadne.telemetry.CallSpan;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One inbound call from StasisStart to its record's last line. Its ARI events, agent control messages and
 * hangup requests go through one inbox, handled in order; audio never does: it flows straight between the
 * media session and the agent's socket. Setup lives in {@link CallSetup}, the ending in {@link CallTeardown}.
 */
final class CallSession {
    private static final Logger log = LoggerFactory.getLogger(CallSession.class);

    /** A request to end the call, from anywhere: the API, the agent, Asterisk. */
    record End(String cause, Integer causeCode, String agentReason) {}

    final UUID callId;
    final String channelId;
    final String from;
    /** {@link System#nanoTime()} when StasisStart arrived. */
    final long startedNanos;
    final Route.Accepted route;
    final CallServices services;
    final CallSpan span;
    private final Sinks.Many<Object> inbox = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.Empty<Void> finished = Sinks.empty();
    /** Completes when the external media channel has entered Stasis: only then can it join the bridge. */
    final Sinks.Empty<Void> mediaInStasis = Sinks.empty();
    final Disposable.Composite relays = Disposables.composite();

    volatile String bridgeId;
    volatile String mediaChannelId;
    volatile MediaSession media;
    volatile AgentSession agent;
    volatile boolean answered;
    volatile boolean agentConnected;
    /** Set as soon as Asterisk says the caller is gone, so that setup stops early and teardown skips the hangup. */
    volatile boolean callerGone;
    volatile Integer callerCause;
    private boolean ended;

    CallSession(UUID callId, String channelId, String from, long startedNanos, Route.Accepted route,
            CallServices services, CallSpan span) {
        this.callId = callId;
        this.startedNanos = startedNanos;
        this.channelId = channelId;
        this.from = from;
        this.route = route;
        this.services = services;
        this.span = span;
    }

    UUID trunkId() {
        return route.trunk().id();
    }

    UUID tenantId() {
        return route.trunk().tenantId();
    }

    UUID callId() {
        return callId;
    }

    /** Starts handling the inbox; setup is its first item, so every event waits for setup to finish. */
    void run() {
        inbox.asFlux()
                .concatMap(m -> handle(m).onErrorResume(e -> {
                    span.warn(log, "call step failed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
        inbox.tryEmitNext(new CallSetup(this));
    }

    /** Routes an ARI event of one of this call's channels into the inbox. */
    void dispatch(AriEvent e) {
        if (e instanceof AriEvent.StasisStart st && st.channelId().equals(mediaChannelId)) {
            mediaInStasis.tryEmitEmpty();
            return;
        }
        if (e instanceof AriEvent.ChannelDestroyed d && d.channelId().equals(channelId)) {
            callerGone = true;
            callerCause = d.cause();
        } else if (e instanceof AriEvent.ChannelHangupRequest h && h.channelId().equals(channelId)) {
            callerGone = true;
            callerCause = h.cause();
        }
        emit(e);
    }

    /** Ends the call; completes once its teardown has finished. */
    Mono<Void> end(String cause, String agentReason) {
        emit(new End(cause, null, agentReason));
        return finished.asMono();
    }

    Mono<Void> finished() {
        return finished.asMono();
    }

    void emit(Object message) {
        // Several threads may emit (ARI events, agent socket, API): serialize the sink's producers.
        synchronized (inbox) {
            inbox.tryEmitNext(message);
        }
    }

    private Mono<Void> handle(Object m) {
        if (ended) {
            return Mono.empty();
        }
        return switch (m) {
            case CallSetup setup -> setup.run();
            case End end -> endNow(end);
            case AriEvent e -> onAri(e);
            case AgentEvent e -> onAgent(e);
            default -> Mono.empty();
        };
    }

    private Mono<Void> onAri(AriEvent e) {
        return switch (e) {
            case AriEvent.ChannelDestroyed d when d.channelId().equals(channelId) ->
                    endNow(new End("caller_hangup", d.cause(), null));
            case AriEvent.ChannelHangupRequest h when h.channelId().equals(channelId) ->
                    endNow(new End("caller_hangup", h.cause(), null));
            case AriEvent.StasisEnd s when s.channelId().equals(channelId) ->
                    endNow(new End("caller_left_stasis", callerCause, null));
            case AriEvent.ChannelDestroyed d when d.channelId().equals(mediaChannelId) ->
                    endNow(new End("media_channel_lost", d.cause(), null));
            case AriEvent.ChannelDtmfReceived d when d.channelId().equals(channelId) -> {
                AgentSession a = agent;
                if (a != null) {
                    a.sendDtmf(d.digit());
                }
                yield Mono.empty();
            }
            default -> Mono.empty();
        };
    }

    /** Control messages from the agent; audio, clear and marks never come here (see {@link #relay}). */
    private Mono<Void> onAgent(AgentEvent e) {
        return switch (e) {
            case AgentEvent.Hangup h -> endNow(new End("agent_hangup", 16, h.reason()));
            case AgentEvent.Closed c -> endNow(new End("agent_closed", 16, "socket closed " + c.code() + " " + c.reason()));
            case AgentEvent.Dtmf d -> services.ari().sendDtmf(channelId, d.digits())
                    .onErrorResume(err -> {
                        span.warn(log, "dtmf {} from agent not sent: {}", d.digits(), err.toString());
                        return Mono.empty();
                    });
            case AgentEvent.Transfer t -> new CallTransfer(this).run(t.to());
            case AgentEvent.Malformed mf -> {
                span.warn(log, "malformed agent message: {}", mf.reason());
                yield Mono.empty();
            }
            default -> Mono.empty();
        };
    }

    Mono<Void> endNow(End end) {
        ended = true;
        return new CallTeardown(this).run(end).doFinally(s -> {
            finished.tryEmitEmpty();
            inbox.tryEmitComplete();
        });
    }

    /** Wires audio both ways and the agent's control messages into the inbox. */
    void relay(MediaSession m, AgentSession a) {
        relays.add(AudioRelay.start(m, a, this::emit, err -> emit(new End("relay_failed", 41, err.toString()))));
    }

    /** StasisStart to the first agent audio sent to the caller, or null when none was sent. */
    Integer firstAudioMillis() {
        MediaSession m = media;
        long first = m == null ? 0 : m.firstAudioOutNanos();
        return first == 0 ? null : (int) ((first - startedNanos) / 1_000_000);
    }

    MediaStats mediaStats() {
        MediaSession m = media;
        return m == null ? null : m.stats();
    }

    /** A 404 from ARI means the thing is already gone: the outcome wanted. */
    static Mono<Void> ignoreGone(Mono<Void> m) {
        return m.onErrorResume(AriException.class, e -> e.isNotFound() ? Mono.empty() : Mono.error(e));
    }
}
