package dev.ariadne.webhook;

import dev.ariadne.webhook.data.EventOutbox;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A tenant's events as they are committed, on whichever node; after a {@code Last-Event-ID}, first the ones that
 * followed it in the outbox (up to {@value #REPLAY}), then live ones, each once.
 */
@Component
public class EventStream {
    static final int REPLAY = 1000;
    private final EventHub hub;
    private final EventOutbox outbox;

    EventStream(EventHub hub, EventOutbox outbox) {
        this.hub = hub;
        this.outbox = outbox;
    }

    /** @param lastEventId the last event the client has (null: live ones only; unknown: live ones only) */
    public Flux<TenantEvent> events(UUID tenantId, UUID lastEventId) {
        Flux<TenantEvent> live = hub.notices()
                .filter(n -> n.tenantId().equals(tenantId))
                .concatMap(n -> outbox.find(tenantId, n.eventId()));
        if (lastEventId == null) {
            return live;
        }
        return Flux.defer(() -> {
            // Live events are listened to before the outbox is read, so none falls between the two; the ones both
            // give are sent once.
            Sinks.Many<TenantEvent> buffered = Sinks.many().unicast().onBackpressureBuffer();
            var subscription = live.subscribe(buffered::tryEmitNext, buffered::tryEmitError, buffered::tryEmitComplete);
            Set<UUID> replayed = new HashSet<>();
            return outbox.after(tenantId, lastEventId, REPLAY)
                    .doOnNext(e -> replayed.add(e.id()))
                    .concatWith(buffered.asFlux().filter(e -> !replayed.contains(e.id())))
                    .doFinally(s -> subscription.dispose());
        });
    }
}
