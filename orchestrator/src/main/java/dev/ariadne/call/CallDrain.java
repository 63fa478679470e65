package dev.ariadne.call;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Shutting down without dropping calls: when the context closes (SIGTERM), this node stops taking calls (readiness
 * goes down; {@link CallIntake} refuses new ones), lets the calls in progress end, for up to
 * {@code ariadne.call.drain-timeout}, and then ends those still up (cause {@value #CAUSE}, records finalized).
 * It is the first lifecycle to stop, so that until then the ARI event stream ({@link CallEvents}), the web server
 * (health probe, Twilio Media Streams) and, destroyed after every lifecycle, the ARI client, the agent connections'
 * event loops and the database keep carrying the calls. The wait runs on a timer, never on an event loop; Spring's
 * shutdown thread waits for it ({@link CallConfiguration} gives this phase a timeout longer than the drain).
 */
@Component
class CallDrain implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(CallDrain.class);
    /**
     * The highest phase, so it stops first: before {@link CallEvents} ({@code PHASE - 512}) and the web server's
     * graceful shutdown ({@code DEFAULT_PHASE - 1024}).
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE;
    /** How long the calls ended at the grace period may take to tear down (five ARI/agent steps of at most 3 s). */
    static final Duration TEARDOWN_ALLOWANCE = Duration.ofSeconds(30);
    static final String CAUSE = "orchestrator_shutdown";
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int POLLS_PER_PROGRESS_LINE = 20; // 5 s

    /** The calls this node carries, as far as draining is concerned. */
    interface Carried {
        int count();

        /** Ends every call still up with {@code cause}; completes once their teardowns have finished. */
        Mono<Void> endAll(String cause);
    }

    private final Carried calls;
    private final CallIntake intake;
    private final Duration timeout;
    private final String node;
    private final ApplicationEventPublisher events;
    private final Scheduler timer;
    private volatile boolean running;

    @Autowired
    CallDrain(CallRegistry registry, CallIntake intake, CallProperties props, ApplicationEventPublisher events) {
        this(carried(registry), intake, props.drainTimeout(), props.node(), events, Schedulers.parallel());
    }

    CallDrain(Carried calls, CallIntake intake, Duration timeout, String node, ApplicationEventPublisher events,
            Scheduler timer) {
        this.calls = calls;
        this.intake = intake;
        this.timeout = timeout;
        this.node = node;
        this.events = events;
        this.timer = timer;
    }

    /** The longest this lifecycle's stop may take: the drain timeout, then the teardown of the calls it ends. */
    static Duration phaseTimeout(Duration drainTimeout) {
        return drainTimeout.plus(TEARDOWN_ALLOWANCE);
    }

    /** Taking calls; after a stop (an explicit {@code stop()}, then {@code start()}) ready again. */
    @Override
    public void start() {
        if (intake.draining()) {
            intake.accept();
            AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
        running = true;
    }

    /** A pause ({@code ConfigurableApplicationContext.pause()}, e.g. of a cached test context) is no shutdown. */
    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void stop() {
        CountDownLatch done = new CountDownLatch(1);
        stop(done::countDown);
        try {
            done.await(phaseTimeout(timeout).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop(Runnable callback) {
        intake.refuse();
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        int carried = calls.count();
        if (carried == 0) {
            log.info("draining node {}: no calls in progress", node);
            finish(callback);
            return;
        }
        log.info("draining node {}: taking no new calls; waiting up to {} for the {} calls in progress to end", node,
                timeout, carried);
        long started = timer.now(TimeUnit.MILLISECONDS);
        Flux.interval(POLL, timer)
                .map(tick -> {
                    int left = calls.count();
                    if (left > 0 && (tick + 1) % POLLS_PER_PROGRESS_LINE == 0) {
                        log.info("draining node {}: {} of {} calls still in progress", node, left, carried);
                    }
                    return left;
                })
                .takeUntil(left -> left == 0)
                .take(timeout, timer)
                .then(Mono.fromSupplier(calls::count))
                .flatMap(left -> left == 0 ? drained(carried, started) : cut(left))
                .doFinally(signal -> finish(callback))
                .subscribe(x -> {}, e -> log.warn("draining node {} failed: {}", node, e.toString()));
    }

    private Mono<Void> drained(int carried, long started) {
        return Mono.fromRunnable(() -> log.info("draining node {}: drained; all {} calls ended by themselves in {} ms",
                node, carried, timer.now(TimeUnit.MILLISECONDS) - started));
    }

    private Mono<Void> cut(int left) {
        log.info("draining node {}: the drain timeout of {} is over; ending the {} calls still in progress", node,
                timeout, left);
        return calls.endAll(CAUSE)
                .timeout(TEARDOWN_ALLOWANCE, timer)
                .onErrorResume(e -> {
                    log.warn("draining node {}: ending the calls failed: {}", node, e.toString());
                    return Mono.empty();
                })
                .then(Mono.fromRunnable(() -> log.info("draining node {}: done; {} calls ended by the drain timeout",
                        node, left)));
    }

    private void finish(Runnable callback) {
        running = false;
        callback.run();
    }

    private static Carried carried(CallRegistry registry) {
        return new Carried() {
            @Override
            public int count() {
                return registry.all().size();
            }

            @Override
            public Mono<Void> endAll(String cause) {
                return Flux.fromIterable(List.copyOf(registry.all()))
                        .flatMap(s -> {
                            s.span.info(log, "ending the call: the node is shutting down and its drain timeout is over");
                            return s.end(cause, null);
                        })
                        .then();
            }
        };
    }
}
