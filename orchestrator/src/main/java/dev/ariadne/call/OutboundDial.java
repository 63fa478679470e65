package dev.ariadne.call;

import dev.ariadne.ai.AgentSession;
import dev.ariadne.ari.AriEvent;
import dev.ariadne.trunk.Trunk;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How an outbound call starts: its agent is connected first (so that nobody is rung for an agent that cannot
 * take the call, and the agent is ready before the callee says hello), the bridge and external media are
 * prepared while the callee's phone rings, and the call is dialled through the plan's trunks one attempt at a
 * time. Each attempt is an ARI originate of the trunk's own endpoint into the Stasis app; its Dial progress,
 * answer (StasisStart) or failure (ChannelDestroyed with the SIP status) come through the call's inbox, as do the
 * attempt's timers. A carrier failure tries the next trunk ({@link AttemptOutcome}); anything the callee did
 * ends the call. On answer the callee joins the bridge and the agent gets {@code start}: from there the call is
 * the same as an inbound one.
 */
final class OutboundDial {
    private static final Logger log = LoggerFactory.getLogger(OutboundDial.class);
    /** Asterisk's own dial timeout, beyond Ariadne's ring timeout: only a safety net. */
    private static final Duration ASTERISK_MARGIN = Duration.ofSeconds(10);

    /** A timer of attempt {@code attempt} went off: {@code progress} or {@code ring}. */
    record Timeout(int attempt, String kind) {}

    private final CallSession call;
    private final OutboundPlan plan;
    private final Set<UUID> tried = new HashSet<>();
    private final Disposable.Swap timers = Disposables.swap();
    // Inbox only (one message at a time).
    private Mono<Void> mediaReady;
    private int attempt;
    private boolean progress;
    private boolean attemptOpen;
    private AttemptOutcome pending;
    private Integer hangupSip;

    OutboundDial(CallSession call, OutboundPlan plan) {
        this.call = call;
        this.plan = plan;
    }

    /** The first inbox item: agent, then the first attempt; media is prepared alongside. */
    Mono<Void> start() {
        if (call.trunk != null) {
            mediaReady = CallMedia.prepare(call).cache();
            mediaReady.subscribe(x -> {}, e -> {}); // its error, if any, ends the call at answer
        }
        return CallSetup.connectAgent(call, false)
                .map(a -> {
                    call.agent = a;
                    call.agentConnected = true;
                    call.watchAgent(a);
                    return true;
                })
                .onErrorResume(e -> {
                    String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                    call.span.warn(log, "agent {} unreachable, nobody is dialled: {}", call.context.agent().id(), reason);
                    return call.endNow(new CallSession.End("agent_unreachable", null, reason)).thenReturn(false);
                })
                .flatMap(connected -> !connected ? Mono.empty() : call.trunk == null ? viaTwilio() : dial(call.trunk));
    }

    /** One attempt on {@code trunk}, which the registry has already counted this call on. */
    private Mono<Void> dial(Trunk trunk) {
        attempt++;
        int n = attempt;
        tried.add(trunk.id());
        progress = false;
        pending = null;
        hangupSip = null;
        attemptOpen = true;
        String channel = "out-" + call.callId + "-" + n;
        call.trunk = trunk;
        call.channelId = channel;
        call.legGone = false;
        call.legCause = null;
        call.services.registry().channel(channel, call);
        int asteriskTimeout = (int) plan.ringTimeout().plus(ASTERISK_MARGIN).toSeconds();
        call.span.info(log, "dialling {} via trunk {} (attempt {})", call.context.to(), trunk.name(), n);
        return call.services.records().attemptStarted(call.callId, n, trunk.id(), channel)
                .then(call.span.child("ari.originate", call.services.ari().originate(plan.dialString(trunk),
                        call.context.from(), "outbound," + call.callId, asteriskTimeout, null, channel)))
                .doOnNext(ch -> startTimers(n))
                .then()
                .onErrorResume(e -> {
                    call.span.warn(log, "originate on trunk {} failed: {}", trunk.name(), e.toString());
                    // The request may have been carried out even so (a lost answer): the channel id is ours, so
                    // make sure it does not ring on beside the next attempt.
                    return CallSession.ignoreGone(call.services.ari().hangup(channel, "normal"))
                            .onErrorResume(x -> Mono.empty())
                            .then(attemptEnded(AttemptOutcome.DIAL_FAILED, null, 0, null));
                });
    }

    private void startTimers(int n) {
        Duration ring = plan.ringTimeout();
        Duration noProgress = call.services.outbound().progressTimeout();
        Disposable.Composite both = Disposables.composite(
                Mono.delay(ring).subscribe(x -> call.emit(new Timeout(n, "ring"))));
        if (noProgress.compareTo(ring) < 0) {
            both.add(Mono.delay(noProgress).subscribe(x -> call.emit(new Timeout(n, "progress"))));
        }
        timers.update(both);
    }

    /** An attempt's timer, through the inbox. */
    Mono<Void> onTimeout(Timeout t) {
        if (t.attempt() != attempt || !attemptOpen || call.answered || pending != null) {
            return Mono.empty();
        }
        if (t.kind().equals("progress") && progress) {
            return Mono.empty();
        }
        if (call.onTwilio()) {
            // Twilio would stop ringing by its own Timeout too; Ariadne's timer decides, as on a trunk.
            return call.services.twilio().hangup(call.tenantId(), call.twilioCallSid)
                    .onErrorResume(e -> Mono.empty())
                    .then(Mono.defer(() -> attemptEnded(AttemptOutcome.NO_ANSWER, null, 0, null)));
        }
        pending = t.kind().equals("ring") ? AttemptOutcome.NO_ANSWER : AttemptOutcome.NO_RESPONSE;
        call.span.info(log, "attempt {} on trunk {}: {} after {}", attempt, call.trunk.name(), pending.outcome(),
                t.kind().equals("ring") ? plan.ringTimeout() : call.services.outbound().progressTimeout());
        // Its ChannelDestroyed ends the attempt with the pending outcome; a channel already gone ends it now.
        return call.services.ari().hangup(call.channelId, "normal")
                .onErrorResume(e -> attemptEnded(pending, null, 0, null));
    }

    /**
     * Events before the answer: those of the current attempt's channel drive the dial; those of earlier attempts
     * are ignored. Returns null for events this class does not own.
     */
    Mono<Void> onAri(AriEvent e) {
        String current = call.channelId;
        String id = e.channel();
        if (id == null || !id.startsWith("out-" + call.callId + "-")) {
            return null;
        }
        if (!id.equals(current) || !attemptOpen) {
            return Mono.empty();
        }
        return switch (e) {
            case AriEvent.Dial d -> onProgress(d.dialStatus());
            // Answered just as Ariadne gave up on it (a timer): the hangup already sent wins.
            case AriEvent.StasisStart s -> pending != null ? Mono.empty() : answered();
            case AriEvent.ChannelHangupRequest h -> {
                if (h.techCause() != null) {
                    hangupSip = h.techCause();
                }
                yield Mono.empty();
            }
            case AriEvent.ChannelDestroyed d -> {
                Integer sip = d.techCause() != null ? d.techCause() : hangupSip;
                yield attemptEnded(pending != null ? pending : AttemptOutcome.of(sip, d.cause()), sip, d.cause(),
                        d.protocolId());
            }
            default -> Mono.empty();
        };
    }

    private Mono<Void> onProgress(String status) {
        if (status == null || !(status.equals("RINGING") || status.equals("PROGRESS") || status.equals("PROCEEDING"))) {
            return Mono.empty();
        }
        boolean first = !progress;
        progress = true;
        return first ? call.services.records().ringing(call.callId) : Mono.empty();
    }

    /** The attempt ended without an answer: fail over, or end the call with what the callee's side said. */
    private Mono<Void> attemptEnded(AttemptOutcome outcome, Integer sip, int cause, String sipCallId) {
        timers.update(Disposables.disposed());
        attemptOpen = false;
        Trunk failed = call.trunk; // null: the attempt was Twilio, the last resort
        Mono<Boolean> moved = failed != null && outcome.failover()
                ? Flux.fromIterable(plan.candidates(failed, tried)).concatMap(this::takes).any(b -> b)
                        .onErrorResume(e -> {
                            call.span.warn(log, "no failover: the call slots could not be read ({})", e.toString());
                            return Mono.just(false);
                        })
                : Mono.just(false);
        return moved.flatMap(next -> afterAttempt(outcome, sip, cause, sipCallId, failed, next));
    }

    private Mono<Void> afterAttempt(AttemptOutcome outcome, Integer sip, int cause, String sipCallId, Trunk failed,
            boolean next) {
        boolean twilio = failed != null && !next && outcome.failover() && plan.twilioFallback();
        call.span.info(log, "attempt {} {} ended: {} (SIP {}, Q.850 {}){}", attempt,
                failed == null ? "via Twilio" : "on trunk " + failed.name(), outcome.outcome(), sip, cause,
                next ? ", failing over to trunk " + call.trunk.name() : twilio ? ", falling back to Twilio" : "");
        Mono<Void> recorded = call.services.records().attemptEnded(call.callId, attempt, sip, cause == 0 ? null : cause,
                outcome.outcome(), next || twilio, sipCallId);
        if (next) {
            return recorded.then(Mono.defer(() -> dial(call.trunk)));
        }
        if (twilio) {
            return recorded.then(Mono.defer(this::viaTwilio));
        }
        call.legGone = true;
        return recorded.then(call.endNow(new CallSession.End(outcome.callCause(), cause == 0 ? null : cause, null)));
    }

    /**
     * The last resort: the call goes out through the tenant's Twilio account, with TwiML that streams it to
     * Ariadne once answered; the stream presents the call's one-time token. The SIP media prepared for the trunks
     * is released: the Twilio stream is the call's media now.
     */
    private Mono<Void> viaTwilio() {
        timers.update(Disposables.disposed());
        attempt++;
        int n = attempt;
        progress = false;
        pending = null;
        attemptOpen = true;
        Mono<Void> left = call.services.registry().leaveTrunk(call).onErrorResume(e -> {
            call.span.warn(log, "the call's slot still names its last trunk ({})", e.toString());
            return Mono.empty();
        });
        call.channelId = null;
        call.legGone = false;
        call.legCause = null;
        releaseSipMedia();
        Duration ring = plan.ringTimeout();
        String token = call.services.streams().expect(call, ring.plus(call.services.props().streamTimeout()));
        call.span.info(log, "dialling {} via Twilio (attempt {}): {}", call.context.to(), n,
                plan.order().isEmpty() ? "no trunk could take the call" : "every trunk failed");
        return left.then(call.services.records().twilioAttemptStarted(call.callId, n))
                .then(call.span.child("twilio.dial", call.services.twilio().dial(call.tenantId(), call.context.to(),
                        call.context.from(), token, ring)))
                .flatMap(sid -> {
                    call.twilioCallSid = sid;
                    timers.update(Mono.delay(ring).subscribe(x -> call.emit(new Timeout(n, "ring"))));
                    return call.services.records().twilioCallSid(call.callId, n, sid);
                })
                .onErrorResume(e -> {
                    call.span.warn(log, "Twilio did not place the call: {}", e.toString());
                    return attemptEnded(AttemptOutcome.TWILIO_FAILED, null, 0, null);
                });
    }

    private void releaseSipMedia() {
        var ari = call.services.ari();
        var media = call.media;
        String bridge = call.bridgeId;
        String channel = call.mediaChannelId;
        call.media = null;
        call.bridgeId = null;
        call.mediaChannelId = null;
        mediaReady = null;
        Mono.when(media == null ? Mono.empty() : media.close(),
                        bridge == null ? Mono.empty() : CallSession.ignoreGone(ari.destroyBridge(bridge)),
                        channel == null ? Mono.empty() : CallSession.ignoreGone(ari.hangup(channel, "normal")))
                .subscribe(x -> {}, e -> call.span.debug(log, "releasing SIP media: {}", e.toString()));
    }

    /** The Twilio call was answered and its Media Stream opened: it is the call's media; the agent starts. */
    Mono<Void> onTwilioStream(dev.ariadne.media.MediaSession stream) {
        if (!call.onTwilio() || !attemptOpen || call.answered) {
            return stream.close();
        }
        timers.update(Disposables.disposed());
        call.media = stream;
        call.answered = true;
        call.upNanos = System.nanoTime();
        call.span.info(log, "answered through Twilio {} (attempt {})", call.twilioCallSid, attempt);
        call.services.records().answered(call.callId, "ulaw", null)
                .subscribe(x -> {}, e -> call.span.warn(log, "answered record: {}", e.toString()));
        call.agent.sendStart(CallSetup.startDetails(call));
        call.relay(stream, call.agent);
        return Mono.empty();
    }

    /** Twilio's status callback before the answer: progress, or how the attempt ended. */
    Mono<Void> onTwilioStatus(String status) {
        if (!call.onTwilio() || !attemptOpen) {
            return Mono.empty();
        }
        return switch (status == null ? "" : status) {
            case "ringing" -> onProgress("RINGING");
            case "busy" -> attemptEnded(new AttemptOutcome("busy", false), null, 17, null);
            case "no-answer" -> attemptEnded(AttemptOutcome.NO_ANSWER, null, 19, null);
            case "canceled" -> attemptEnded(new AttemptOutcome("canceled", false), null, 0, null);
            case "failed" -> attemptEnded(AttemptOutcome.TWILIO_FAILED, null, 0, null);
            case "completed" -> attemptEnded(new AttemptOutcome("stream_never_opened", false), null, 0, null);
            default -> Mono.empty();
        };
    }

    /** Whether the call may move to {@code t}: reachable, and under its limit on every node (then it moves). */
    private Mono<Boolean> takes(Trunk t) {
        return "unreachable".equals(t.health().status()) ? Mono.just(false) : call.services.registry().moveTo(call, t);
    }

    /** The callee answered on a trunk: join the prepared bridge, start the agent, relay. */
    private Mono<Void> answered() {
        timers.update(Disposables.disposed());
        call.answered = true;
        call.upNanos = System.nanoTime();
        AgentSession agent = call.agent;
        call.span.info(log, "answered on trunk {} (attempt {})", call.trunk.name(), attempt);
        CallSetup.answeredRecord(call);
        return mediaReady
                .then(CallMedia.join(call))
                .then(Mono.fromRunnable(() -> {
                    agent.sendStart(CallSetup.startDetails(call));
                    call.relay(call.media, agent);
                    call.span.info(log, "call up: {} -> agent {} (bridge {}, media port {})", call.context.to(),
                            call.context.agent().id(), call.bridgeId, call.media.localPort());
                }))
                .then()
                .timeout(call.services.props().setupTimeout())
                .onErrorResume(e -> {
                    call.span.warn(log, "outbound call setup after answer failed: {}", e.toString());
                    return call.endNow(new CallSession.End(call.legGone ? "callee_hangup" : "setup_failed", call.legCause,
                            null));
                });
    }

    /**
     * The call ends (whatever ended it): the open attempt is closed on its record, and an API hangup before the
     * answer is a cancel.
     */
    CallSession.End ending(CallSession.End end) {
        timers.dispose();
        if (attempt == 0 || !attemptOpen) {
            return end;
        }
        attemptOpen = false;
        boolean up = call.answered;
        String outcome = up ? "answered" : end.cause().equals("api_hangup") ? "canceled" : end.cause();
        call.services.records().attemptEnded(call.callId, attempt, null, null, outcome, false, null)
                .subscribe(x -> {}, e -> call.span.warn(log, "attempt record: {}", e.toString()));
        return !up && end.cause().equals("api_hangup") ? new CallSession.End("canceled", 487, end.agentReason()) : end;
    }
}
