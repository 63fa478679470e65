package dev.ariadne.webhook;

import dev.ariadne.webhook.data.EventOutbox;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Hears every node's events: {@code LISTEN ariadne_events} on a connection of its own, outside the pool (as
 * {@code cluster.PjsipBroadcast} does), reconnecting with backoff. A notice names the tenant and the event; the
 * event itself is read from the outbox, so a notice never nears PostgreSQL's 8000-byte payload limit.
 */
@Component
class EventHub implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(EventHub.class);
    private final ConnectionFactory connections;
    private final Sinks.Many<Notice> notices = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<Boolean> listening = Sinks.many().replay().latest();
    private volatile Disposable loop;

    EventHub(ConnectionFactory connections) {
        this.connections = connections;
    }

    /** An event was committed (on any node). */
    record Notice(UUID tenantId, UUID eventId) {}

    Flux<Notice> notices() {
        return notices.asFlux();
    }

    /** Emits true once the LISTEN is in place (and again after each reconnect): for tests. */
    Flux<Boolean> listening() {
        return listening.asFlux();
    }

    @Override
    public void start() {
        PostgresqlConnectionFactory factory = dev.ariadne.db.PgListen.postgres(connections);
        if (factory == null) {
            log.warn("the connection factory is not r2dbc-postgresql's: live events (GET /api/v1/events) are not heard");
            return;
        }
        loop = dev.ariadne.db.PgListen.payloads(factory, EventOutbox.CHANNEL, () -> listening.tryEmitNext(true),
                        "tenant events", log)
                .subscribe(payload -> {
                    Notice notice = parse(payload);
                    if (notice != null) {
                        notices.tryEmitNext(notice);
                    }
                });
    }

    static Notice parse(String payload) {
        if (payload == null) {
            return null;
        }
        int colon = payload.indexOf(':');
        try {
            return new Notice(UUID.fromString(payload.substring(0, colon)), UUID.fromString(payload.substring(colon + 1)));
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void stop() {
        Disposable d = loop;
        if (d != null) {
            d.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable d = loop;
        return d != null && !d.isDisposed();
    }
}
