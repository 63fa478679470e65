package dev.ariadne.jobs;

import dev.ariadne.telemetry.OutageLog;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs a reactive pass on every signal of a trigger (a timer, kicks), one pass at a time, dropping signals
 * that arrive while a pass runs; a failed pass is logged and the next one runs as usual. A run of failures (the
 * database away, say) is one WARN per failed pass, one ERROR once it has lasted 30 s, and one INFO when a pass
 * succeeds again ({@link OutageLog}).
 */
public final class PeriodicPass implements SmartLifecycle {
    /** A run of failed passes longer than this gets one ERROR line. */
    static final Duration ALERT_AFTER = Duration.ofSeconds(30);
    private final Flux<?> trigger;
    private final Supplier<Mono<Void>> pass;
    private final OutageLog failures;
    private volatile Disposable loop;

    public PeriodicPass(String name, Flux<?> trigger, Supplier<Mono<Void>> pass, Logger log) {
        this.trigger = trigger;
        this.pass = pass;
        this.failures = new OutageLog(log, "the " + name + " pass", ALERT_AFTER, Clock.systemUTC());
    }

    @Override
    public void start() {
        loop = trigger.onBackpressureLatest()
                .concatMap(tick -> pass.get()
                        .doOnSuccess(done -> failures.recovered())
                        .onErrorResume(e -> {
                            failures.failed(e.toString());
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable l = loop;
        if (l != null) {
            l.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable l = loop;
        return l != null && !l.isDisposed();
    }
}
