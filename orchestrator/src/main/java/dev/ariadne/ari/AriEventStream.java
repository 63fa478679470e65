package dev.ariadne.ari;

import ch.loway.oss.ari4java.ARI;
import ch.loway.oss.ari4java.generated.models.Message;
import ch.loway.oss.ari4java.tools.AriConnectionEvent;
import ch.loway.oss.ari4java.tools.AriWSCallback;
import ch.loway.oss.ari4java.tools.BaseAriAction;
import ch.loway.oss.ari4java.tools.RestException;
import ch.loway.oss.ari4java.tools.http.NettyHttpClient;
import dev.ariadne.telemetry.OutageLog;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * The events WebSocket as one hot Flux. Each connection attempt uses a fresh ari4java client; when
 * it fails or drops, the Flux errors and is resubscribed after an exponential backoff that starts
 * again from the minimum once a connection succeeded.
 */
final class AriEventStream implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AriEventStream.class);

    static {
        // Reconnecting is ours (backoff, Connected/Disconnected events); ari4java's own loop gives up
        // after ten tries with fixed 2/5/10 s waits. The flag is static in ari4java.
        NettyHttpClient.setAutoReconnect(false);
        // Asterisk 22.10 adds fields ari4java's ari_10_0_0 models lack (e.g. "tech_cause"): command responses
        // are still decoded by ari4java, and strict decoding would fail on them.
        BaseAriAction.setObjectMapperLessStrict();
    }

    /** An outage of Asterisk's ARI longer than this gets one ERROR line (the WARN per attempt goes on). */
    static final Duration OUTAGE_ALERT = Duration.ofSeconds(30);
    private final AriProperties properties;
    private final OutageLog outage;
    private final Flux<AriEvent> events;
    private volatile Disposable connection;
    private volatile boolean connected;

    AriEventStream(AriProperties properties) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.outage = new OutageLog(log, "ARI events WebSocket to " + properties.url() + " (app " + properties.app() + ")",
                OUTAGE_ALERT, Clock.systemUTC());
        // resilience4j's RetryOperator sleeps on the signalling thread between attempts; only its
        // interval function is used here, the waiting is Reactor's non-blocking delay.
        IntervalFunction backoff = IntervalFunction.ofExponentialBackoff(
                properties.reconnectMinBackoff(), 2.0, properties.reconnectMaxBackoff());
        this.events = Flux.defer(this::connectOnce)
                .doOnNext(e -> {
                    if (e instanceof AriEvent.Connected) {
                        connected = true;
                        outage.recovered();
                    } else if (e instanceof AriEvent.Disconnected) {
                        connected = false;
                    }
                })
                .doOnError(e -> connected = false)
                .doFinally(signal -> connected = false)
                .retryWhen(Retry.from(signals -> signals.concatMap(signal -> {
                    int attempt = (int) Math.min(signal.totalRetriesInARow() + 1, 30);
                    Duration wait = Duration.ofMillis(backoff.apply(attempt));
                    outage.failed(String.valueOf(signal.failure().getMessage()), wait);
                    return Mono.delay(wait);
                })))
                .publishOn(Schedulers.parallel())
                .publish()
                .autoConnect(1, disposable -> connection = disposable);
    }

    Flux<AriEvent> events() {
        return events;
    }

    /** Whether the events WebSocket is up now, i.e. Asterisk has the Stasis app registered. */
    boolean connected() {
        return connected;
    }

    private Flux<AriEvent> connectOnce() {
        return Flux.create(sink -> {
            AtomicBoolean connected = new AtomicBoolean();
            NettyHttpClient http = new Ari4j.OrderedEventsClient(text -> {
                // The first event may overtake ari4java's connection callback.
                if (!connected.getAndSet(true)) {
                    sink.next(new AriEvent.Connected());
                }
                try {
                    sink.next(AriEventJson.parse(text));
                } catch (IllegalArgumentException e) {
                    log.warn("Skipping an ARI event that is not JSON: {}", e.getMessage());
                }
            });
            sink.onDispose(() -> Schedulers.boundedElastic().schedule(http::destroy));
            try {
                ARI ari = Ari4j.ari(http, properties);
                ari.events().eventWebsocket(properties.app()).setSubscribeAll(false).execute(new AriWSCallback<Message>() {
                    @Override
                    public void onSuccess(Message message) {
                        // Not called: OrderedEventsClient hands every frame to AriEventJson.
                    }

                    @Override
                    public void onFailure(RestException e) {
                        String reason = String.valueOf(e.getMessage());
                        if (connected.getAndSet(false)) {
                            sink.next(new AriEvent.Disconnected(reason));
                        }
                        sink.error(e);
                    }

                    @Override
                    public void onConnectionEvent(AriConnectionEvent event) {
                        if (event == AriConnectionEvent.WS_CONNECTED && !connected.getAndSet(true)) {
                            log.info("ARI events WebSocket connected to {} (app {})", properties.url(), properties.app());
                            sink.next(new AriEvent.Connected());
                        }
                    }
                });
            } catch (RestException | RuntimeException e) {
                sink.error(e);
            }
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    @Override
    public void close() {
        Disposable current = connection;
        if (current != null) {
            current.dispose();
        }
    }
}
