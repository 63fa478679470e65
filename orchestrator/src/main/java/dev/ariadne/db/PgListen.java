package dev.ariadne.db;

import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import org.slf4j.Logger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * PostgreSQL LISTEN on a connection of its own, outside the pool (a pooled connection would be handed to others):
 * the channel's notification payloads, listening again with backoff (500 ms doubling to 30 s, one WARN per retry)
 * whenever the connection fails or closes (a server restart, the network).
 */
public final class PgListen {
    private PgListen() {}

    /** The r2dbc-postgresql factory under a (pooled, wrapped) one; null when there is none. */
    public static PostgresqlConnectionFactory postgres(ConnectionFactory f) {
        for (int i = 0; i < 5 && f != null; i++) {
            if (f instanceof PostgresqlConnectionFactory p) {
                return p;
            }
            f = f instanceof Wrapped<?> w && w.unwrap() instanceof ConnectionFactory inner ? inner : null;
        }
        return null;
    }

    /**
     * The payloads of {@code channel} ("" for none), for as long as one subscribes. {@code listened} runs after each
     * LISTEN is in place (the first and every reconnect); {@code what} names the purpose in the retry's WARN line.
     */
    public static Flux<String> payloads(PostgresqlConnectionFactory factory, String channel, Runnable listened,
            String what, Logger log) {
        return Flux.usingWhen(factory.create(),
                        c -> c.createStatement("LISTEN " + channel).execute().flatMap(PostgresqlResult::getRowsUpdated)
                                .then(Mono.fromRunnable(listened))
                                .thenMany(c.getNotifications()),
                        c -> c.close())
                .map(n -> n.getParameter() == null ? "" : n.getParameter())
                .concatWith(Mono.error(new IllegalStateException("the LISTEN connection closed")))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(30))
                        .transientErrors(true)
                        .doBeforeRetry(r -> log.warn("listening for {} failed, retrying: {}", what,
                                r.failure().toString())));
    }
}
