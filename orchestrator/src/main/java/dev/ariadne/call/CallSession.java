package dev.ariadne.call;

import dev.ariadne.ai.AgentEvent;
import dev.ariadne.ai.AgentSession;
import dev.ariadne.ari.AriEvent;
import dev.ariadne.ari.AriException;
import dev.ariadne.media.MediaSession;
import dev.ariadne.media.MediaStats;
import dev.ariadne.telemetry.CallSpan;
import dev.ariadne.trunk.Trunk;
import io.netty.channel.EventLoop;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One call, inbound or outbound, from its first moment to its record's last line. Its ARI events, agent control
 * messages and hangup requests go through one inbox, handled in order; audio never does: it flows straight
 * between the media session and the agent's socket. How the call starts is its first inbox item: {@link
 * CallSetup} answers an inbound call, {@link OutboundDial} dials an outbound one through its trunks,
 * {@link TwilioInboundSetup} waits for the Media Stream of a call to a Twilio-native number. The phone leg is an
 * Asterisk channel (bridged with an external media channel, {@link CallMedia}) or a Twilio call, whose Media
 * Stream is the call's {@link MediaSession}; once it is up every call is the same: agent, DTMF, marks, transfer,
 * the ending ({@link CallTeardown}).
 */
final class CallSession {
    private static final Logger log = LoggerFactory.getLogger(CallSession.class);

    /** A request to end the call, from anywhere: the API, the agent, Asterisk, the dialler. */
    record End(String cause, Integer causeCode, String agentReason) {}

    /** The Twilio Media Stream of this call opened (a Twilio leg's media). */
    record TwilioStream(MediaSession media) {}

    /** A DTMF digit from a phone leg that reports digits itself (a Twilio stream). */
    record LegDtmf(String digit) {}

    /** Twilio's status callback for this call's Twilio leg ({@code CallStatus}: ringing, busy, no-answer, ...). */
    record TwilioStatus(String status) {}

    final UUID callId;
    final CallContext context;
    /** {@link System#nanoTime()} when the call began: StasisStart (inbound), the API request (outbound). */
    final long startedNanos;
    final CallServices services;
    final CallSpan span;
    /** The event loop that carries this call's media socket and agent socket. */
    final EventLoop loop;
    private final Sinks.Many<Object> inbox = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.Empty<Void> finished = Sinks.empty();
    /** Completes when the external media channel has entered Stasis: only then can it join the bridge. */
    final Sinks.Empty<Void> mediaInStasis = Sinks.empty();
    final Disposable.Composite relays = Disposables.composite();
    private final Object first;

    /**
     * The trunk carrying the call; for an outbound call, the one being dialled (it changes on failover); null on a
     * Twilio leg.
     */
    volatile Trunk trunk;
    /** Twilio's CallSid when the phone leg is a Twilio call, else null. */
    volatile String twilioCallSid;
    /** The one-time token its Twilio Media Stream must present, while one is expected. */
    volatile String streamToken;
    /** The phone leg's channel; for an outbound call, the current attempt's (null before the first). */
    volatile String channelId;
    /** {@link System#nanoTime()} when the phone leg was up (StasisStart inbound, answer outbound), else 0. */
    volatile long upNanos;
    volatile String bridgeId;
    volatile String mediaChannelId;
    volatile MediaSession media;
    volatile AgentSession agent;
    volatile boolean answered;
    volatile boolean agentConnected;
    /** Set as soon as Asterisk says the phone leg is gone, so that setup stops early and teardown skips the hangup. */
    volatile boolean legGone;
    volatile Integer legCause;
    /** The dialler of an outbound call; null for an inbound one. */
    volatile OutboundDial dial;
    private boolean ended;

    private CallSession(UUID callId, CallContext context, Trunk trunk, String channelId, long startedNanos,
            CallServices services, CallSpan span, java.util.function.Function<CallSession, Object> first) {
        this.callId = Objects.requireNonNull(callId, "callId");
        this.context = Objects.requireNonNull(context, "context");
        this.trunk = trunk;
        this.channelId = channelId;
        this.startedNanos = startedNanos;
        this.services = services;
        this.span = span;
        this.loop = services.loops().next();
        this.first = first.apply(this);
    }

    /** An inbound call on its caller's channel, routed and admitted; {@link #run} answers it. */
    static CallSession inbound(UUID callId, String channelId, String caller, long startedNanos, Route.Accepted route,
            CallServices services, CallSpan span) {
        CallSession s = new CallSession(callId, CallContext.inbound(route, caller), route.trunk(), channelId,
                startedNanos, services, span, CallSetup::new);
        s.upNanos = startedNanos;
        return s;
    }

    /** An outbound call to dial through {@code plan}'s trunks; {@link #run} starts with the agent, then dials. */
    static CallSession outbound(UUID callId, CallContext context, OutboundPlan plan, long startedNanos,
            CallServices services, CallSpan span) {
        return new CallSession(callId, context, plan.first(), null, startedNanos, services, span,
                s -> s.dial = new OutboundDial(s, plan));
    }

    UUID trunkId() {
        Trunk t = trunk;
        return t == null ? null : t.id();
    }

    /** A Twilio-native number's call, answered by Twilio with a Media Stream to Ariadne. */
    static CallSession twilioInbound(UUID callId, CallContext context, String callSid, long startedNanos,
            CallServices services, CallSpan span) {
        CallSession s = new CallSession(callId, context, null, null, startedNanos, services, span, TwilioInboundSetup::new);
        s.twilioCallSid = callSid;
        return s;
    }

    /** The trunk's name as the agent's {@code start} says it; {@code twilio} for a Twilio leg. */
    String trunkName() {
        Trunk t = trunk;
        return t == null ? "twilio" : t.name();
    }

    boolean onTwilio() {
        return twilioCallSid != null;
    }

    /** What the Media Stream that presents this call's token does to it. */
    TwilioStreamTarget streamTarget() {
        return new TwilioStreamTarget() {
            @Override
            public void attach(MediaSession stream) {
                emit(new TwilioStream(stream));
            }

            @Override
            public void dtmf(String digit) {
                emit(new LegDtmf(digit));
            }

            @Override
            public void ended(String why) {
                legGone = true;
                emit(new End(context.party() + "_hangup", 16, null));
            }
        };
    }

    UUID tenantId() {
        return context.tenantId();
    }

    UUID callId() {
        return callId;
    }

    /** Starts handling the inbox; how the call starts is its first item, so every event waits for that step. */
    void run() {
        inbox.asFlux()
                .concatMap(m -> handle(m).onErrorResume(e -> {
                    span.warn(log, "call step failed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
        inbox.tryEmitNext(first);
    }

    /** Routes an ARI event of one of this call's channels into the inbox. */
    void dispatch(AriEvent e) {
        if (e instanceof AriEvent.StasisStart st && st.channelId().equals(mediaChannelId)) {
            mediaInStasis.tryEmitEmpty();
            return;
        }
        String leg = channelId;
        if (e instanceof AriEvent.ChannelDestroyed d && d.channelId().equals(leg)) {
            legGone = true;
            legCause = d.cause();
        } else if (e instanceof AriEvent.ChannelHangupRequest h && h.channelId().equals(leg)) {
            legGone = true;
            legCause = h.cause();
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
        // Several threads may emit (ARI events, agent socket, API, timers): serialize the sink's producers.
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
            case OutboundDial d -> d.start();
            case OutboundDial.Timeout t -> dial.onTimeout(t);
            case TwilioInboundSetup setup -> setup.run();
            case TwilioStream t -> dial != null ? dial.onTwilioStream(t.media()) : TwilioInboundSetup.onStream(this, t.media());
            case TwilioStatus t -> dial != null && !answered ? dial.onTwilioStatus(t.status()) : TwilioInboundSetup.onStatus(this, t.status());
            case LegDtmf d -> {
                AgentSession a = agent;
                if (a != null) {
                    a.sendDtmf(d.digit());
                }
                yield Mono.empty();
            }
            case End end -> endNow(end);
            case AriEvent e -> onAri(e);
            case AgentEvent e -> onAgent(e);
            default -> Mono.empty();
        };
    }

    private Mono<Void> onAri(AriEvent e) {
        OutboundDial d = dial;
        if (d != null && !answered) {
            // Before the callee answers, the dialler owns the attempt's events (progress, answer, failure).
            Mono<Void> handled = d.onAri(e);
            if (handled != null) {
                return handled;
            }
        }
        String leg = channelId;
        return switch (e) {
            case AriEvent.ChannelDestroyed x when x.channelId().equals(leg) ->
                    endNow(new End(context.party() + "_hangup", x.cause(), null));
            case AriEvent.ChannelHangupRequest h when h.channelId().equals(leg) ->
                    endNow(new End(context.party() + "_hangup", h.cause(), null));
            case AriEvent.StasisEnd s when s.channelId().equals(leg) ->
                    endNow(new End(context.party() + "_left_stasis", legCause, null));
            case AriEvent.ChannelDestroyed x when x.channelId().equals(mediaChannelId) ->
                    endNow(new End("media_channel_lost", x.cause(), null));
            case AriEvent.ChannelDtmfReceived x when x.channelId().equals(leg) -> {
                AgentSession a = agent;
                if (a != null) {
                    a.sendDtmf(x.digit());
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
            case AgentEvent.Dtmf d when onTwilio() -> {
                span.info(log, "dtmf {} from agent not sent: Twilio Media Streams cannot send digits", d.digits());
                yield Mono.empty();
            }
            case AgentEvent.Dtmf d -> answered
                    ? services.ari().sendDtmf(channelId, d.digits()).onErrorResume(err -> {
                        span.warn(log, "dtmf {} from agent not sent: {}", d.digits(), err.toString());
                        return Mono.empty();
                    })
                    : Mono.empty();
            case AgentEvent.Transfer t -> answered ? new CallTransfer(this).run(t.to()) : Mono.empty();
            case AgentEvent.Malformed mf -> {
                span.warn(log, "malformed agent message: {}", mf.reason());
                yield Mono.empty();
            }
            default -> Mono.empty();
        };
    }

    Mono<Void> endNow(End end) {
        ended = true;
        OutboundDial d = dial;
        End last = d == null ? end : d.ending(end);
        return new CallTeardown(this).run(last).doFinally(s -> {
            finished.tryEmitEmpty();
            inbox.tryEmitComplete();
        });
    }

    /** Wires audio both ways; the agent's control messages come through {@link #watchAgent}. */
    void relay(MediaSession m, AgentSession a) {
        relays.add(AudioRelay.start(m, a));
        services.meters().setUp(context.direction(), System.nanoTime() - startedNanos);
    }

    /**
     * The agent's control messages into the inbox, from the moment its session is open (an outbound call's agent
     * is connected while the callee rings: its hangup then cancels the call).
     */
    void watchAgent(AgentSession a) {
        relays.add(a.events().subscribe(this::emit, err -> emit(new End("relay_failed", 41, err.toString())),
                () -> emit(new AgentEvent.Closed(1006, "agent stream ended"))));
    }

    /** From the phone leg being up to the first agent audio sent to it, or null when none was sent. */
    Integer firstAudioMillis() {
        MediaSession m = media;
        long first = m == null ? 0 : m.firstAudioOutNanos();
        long up = upNanos;
        return first == 0 || up == 0 ? null : (int) Math.max(0, (first - up) / 1_000_000);
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
