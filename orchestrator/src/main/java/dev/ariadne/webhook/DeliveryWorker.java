package dev.ariadne.webhook;

import dev.ariadne.cluster.ClusterProperties;
import dev.ariadne.jobs.PeriodicPass;
import dev.ariadne.secret.SecretCipher;
import dev.ariadne.webhook.data.DeliveryRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Sends the outbox's due deliveries, on every node. Each pass (every {@code poll-interval}, and when an event is
 * recorded) claims as many rows as this node has free request slots, at most {@code max-in-flight-per-webhook} per
 * webhook counting those already in flight, and starts their requests without waiting for them: a slow receiver
 * holds its own slots and no pass. The outcome is written when the request ends; a node that stops or dies before
 * leaves the row to be claimed again when its lease ends (at least once).
 */
@Component
class DeliveryWorker implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private final DeliveryRepository deliveries;
    private final WebhookSender sender;
    private final SecretCipher cipher;
    private final WebhookMeters meters;
    private final WebhookProperties props;
    private final Retries retries;
    private final String node;
    private final EventHub hub;
    /** Made at each start: a context may be stopped and started again (the test framework pauses cached ones). */
    private volatile PeriodicPass pass;
    private volatile Scheduler timer;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<UUID, AtomicInteger> perWebhook = new ConcurrentHashMap<>();
    private volatile Disposable.Composite requests = Disposables.composite();

    DeliveryWorker(DeliveryRepository deliveries, WebhookSender sender, SecretCipher cipher, WebhookMeters meters,
            WebhookProperties props, ClusterProperties cluster, EventHub hub) {
        this.deliveries = deliveries;
        this.sender = sender;
        this.cipher = cipher;
        this.meters = meters;
        this.props = props;
        this.retries = new Retries(props.retryBase(), props.retryMax());
        this.node = cluster.nodeId();
        this.hub = hub;
    }

    Mono<Void> claimOnce() {
        int free = props.maxInFlight() - inFlight.get();
        if (free <= 0) {
            return Mono.empty();
        }
        Map<UUID, Integer> busy = new HashMap<>();
        perWebhook.forEach((id, n) -> {
            if (n.get() > 0) {
                busy.put(id, n.get());
            }
        });
        return deliveries.claim(node, props.maxInFlightPerWebhook(), busy, free, props.lease())
                .doOnNext(this::start)
                .then();
    }

    private void start(DeliveryRepository.Claimed d) {
        inFlight.incrementAndGet();
        AtomicInteger mine = perWebhook.computeIfAbsent(d.webhookId(), k -> new AtomicInteger());
        mine.incrementAndGet();
        long began = System.nanoTime();
        Disposable.Composite running = requests;
        Disposable[] self = new Disposable[1];
        self[0] = Mono.defer(() -> send(d))
                .flatMap(attempt -> {
                    meters.request(Duration.ofNanos(System.nanoTime() - began));
                    return record(d, attempt);
                })
                .doFinally(s -> {
                    inFlight.decrementAndGet();
                    mine.decrementAndGet();
                    if (self[0] != null) {
                        running.remove(self[0]);
                    }
                })
                .subscribe(null, e -> log.warn("webhook delivery {} of event {}: recording the outcome failed ({}); it is"
                        + " tried again when its lease ends", d.id(), d.event().id(), e.toString()));
        if (!self[0].isDisposed()) {
            running.add(self[0]);
        }
    }

    private Mono<WebhookSender.Attempt> send(DeliveryRepository.Claimed d) {
        String secret;
        try {
            secret = cipher.decrypt(d.secretEnc(), Signatures.aad(d.webhookId()));
        } catch (IllegalStateException e) {
            // This node's keys cannot read it (ariadne.secrets.* differ between nodes): an attempt that failed, retried.
            return Mono.just(new WebhookSender.Attempt(null, "node " + node + " cannot decrypt the webhook's secret: "
                    + e.getMessage(), null));
        }
        return sender.send(d.url(), secret, d.event(), Instant.now().getEpochSecond());
    }

    private Mono<Void> record(DeliveryRepository.Claimed d, WebhookSender.Attempt a) {
        if (a.delivered()) {
            return deliveries.delivered(d.id(), a.status(), a.excerpt()).doOnSuccess(x -> {
                meters.outcome("delivered");
                meters.delivered(Duration.between(d.event().createdAt(), Instant.now()));
            });
        }
        return deliveries.notDelivered(d.id(), a.status(), a.error(), a.excerpt(), retries.after(d.attempts() + 1),
                        props.giveUpAfter())
                .doOnNext(status -> {
                    meters.outcome(status.equals("failed") ? "failed" : "retry");
                    if (status.equals("failed")) {
                        log.info("webhook {}: gave up event {} ({}) after {} attempts: {}", d.webhookId(),
                                d.event().id(), d.event().type(), d.attempts() + 1, a.error());
                    }
                })
                .then();
    }

    /** Requests this node has in flight now (for tests). */
    int inFlight() {
        return inFlight.get();
    }

    @Override
    public synchronized void start() {
        if (!props.worker() || isRunning()) {
            return;
        }
        // A timer thread of its own: the shared parallel scheduler can be replaced (and the old one shut down) under a
        // running application, as reactor-test's virtual time does, which would silently stop the polling.
        timer = Schedulers.newSingle("webhook-delivery", true);
        requests = Disposables.composite();
        Flux<Object> trigger = Flux.merge(Flux.interval(props.pollInterval(), props.pollInterval(), timer), hub.notices());
        pass = new PeriodicPass("webhook delivery", trigger, this::claimOnce, log);
        pass.start();
    }

    /** Stops claiming; requests in flight are cancelled and their rows claimed again when their lease ends. */
    @Override
    public synchronized void stop() {
        PeriodicPass p = pass;
        if (p != null) {
            p.stop();
            requests.dispose();
            timer.dispose();
            pass = null;
        }
    }

    @Override
    public boolean isRunning() {
        PeriodicPass p = pass;
        return p != null && p.isRunning();
    }
}
