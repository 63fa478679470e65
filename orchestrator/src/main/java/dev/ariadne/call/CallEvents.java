package dev.ariadne.call;

import dev.ariadne.ari.AriClient;
import dev.ariadne.ari.AriEvent;
import dev.ariadne.ari.ChannelInfo;
import dev.ariadne.call.data.CallRepository;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The Stasis application's events for every call, inbound and outbound: an inbound StasisStart starts a call
 * ({@link InboundCalls}); every other event goes to the session that owns its channel (an outbound call owns its
 * attempts' channels before they exist, by the ids it chose). After each (re)connect it reconciles: calls it
 * lost track of are ended and their records finalized.
 */
@Component
@ConditionalOnProperty(prefix = "ariadne.ari", name = "enabled", havingValue = "true", matchIfMissing = true)
class CallEvents implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(CallEvents.class);
    private final AriClient ari;
    private final InboundCalls inbound;
    private final CallRegistry registry;
    private final CallRepository records;
    private final CallServices services;
    private volatile Disposable events;

    CallEvents(CallServices services, InboundCalls inbound) {
        this.services = services;
        this.ari = services.ari();
        this.inbound = inbound;
        this.registry = services.registry();
        this.records = services.records();
    }

    @Override
    public void start() {
        events = ari.events().subscribe(this::onEvent, e -> log.error("ARI event stream ended: {}", e.toString()));
    }

    @Override
    public void stop() {
        Disposable d = events;
        if (d != null) {
            d.dispose();
        }
    }

    /** Stops after {@link CallDrain}: the calls being drained keep their events until the drain is over. */
    @Override
    public int getPhase() {
        return CallDrain.PHASE - 512;
    }

    @Override
    public boolean isRunning() {
        Disposable d = events;
        return d != null && !d.isDisposed();
    }

    private void onEvent(AriEvent e) {
        switch (e) {
            case AriEvent.StasisStart s when !s.args().isEmpty() && s.args().getFirst().equals("inbound") ->
                    inbound.start(s).subscribe(x -> {}, err -> log.error("inbound call {} failed: {}", s.channelId(), err.toString()));
            case AriEvent.StasisStart s -> registry.byChannel(s.channelId()).ifPresentOrElse(c -> c.dispatch(s),
                    () -> orphan(s));
            // Right after a reconnect the ARI circuit breaker may still be open from the outage: retried, since a
            // reconcile that never runs leaves the lost calls' records open for good.
            case AriEvent.Connected c -> reconcile()
                    .retryWhen(Retry.backoff(8, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(5))
                            .doBeforeRetry(r -> log.info("reconcile failed ({}); retrying", r.failure().toString())))
                    .subscribe(x -> {}, err -> log.warn("reconcile failed: {}", err.toString()));
            case AriEvent.Disconnected d -> log.warn("ARI events disconnected ({}); reconnecting", d.reason());
            case AriEvent.PlaybackFinished p -> {} // waited for where a playback is started
            default -> {
                String channel = e.channel();
                if (channel != null) {
                    registry.byChannel(channel).ifPresent(c -> c.dispatch(e));
                }
            }
        }
    }

    /** An outbound channel answered for a call this node no longer carries (it restarted): hang it up. */
    private void orphan(AriEvent.StasisStart s) {
        if (!s.args().isEmpty() && s.args().getFirst().equals("outbound")) {
            log.info("outbound channel {} answered for a call this node does not carry; hanging it up", s.channelId());
            CallSession.ignoreGone(ari.hangup(s.channelId(), "normal")).subscribe(x -> {}, err -> {});
        }
    }

    /**
     * After a (re)connect: sessions whose phone leg Asterisk no longer has are ended; records this node left open
     * with no session (a restart) are finalized, and their channels, if still up, hung up.
     */
    private Mono<Void> reconcile() {
        return ari.channels().map(ChannelInfo::id).collect(Collectors.toSet()).flatMap(live -> {
            List<CallSession> lost = registry.all().stream()
                    .filter(c -> c.channelId != null && !live.contains(c.channelId))
                    .toList();
            lost.forEach(c -> c.emit(new CallSession.End("asterisk_lost", 41, null)));
            return records.unfinished(services.props().node())
                    .filter(r -> registry.all().stream().noneMatch(c -> c.callId.equals(r.id())))
                    .concatMap(r -> endOrphan(r, live))
                    .then();
        });
    }

    private Mono<Void> endOrphan(CallRecord r, Set<String> live) {
        boolean up = r.channelId() != null && live.contains(r.channelId());
        log.info("call {} was left open by a previous run; ending it (channel {})", r.id(), up ? "still up" : "gone");
        Mono<Void> hangup = up ? CallSession.ignoreGone(ari.hangup(r.channelId(), "normal")) : Mono.empty();
        return hangup.onErrorResume(e -> Mono.empty())
                .then(records.finish(r.id(), "failed", "orchestrator_restart", 41, null, r.media(),
                        "orchestrator restarted during the call"))
                .filter(Boolean::booleanValue)
                .doOnNext(done -> services.meters().ended(r.direction(), "failed", "orchestrator_restart"))
                .then();
    }
}
