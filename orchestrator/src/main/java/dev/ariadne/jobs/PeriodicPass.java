package dev.ariadne.jobs;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs a reactive pass on every signal of a trigger (a timer, kicks), one pass at a time, dropping signals
 * that arrive while a pass runs; a failed pass is logged and the next one runs as usual.
 */
public final class PeriodicPass implements SmartLifecycle {
    private final String name;
    private final Flux<?> trigger;
    private final Supplier<Mono<Void>> pass;
    private final Logger log;
    private volatile Disposable loop;

    public PeriodicPass(String name, Flux<?> trigger, Supplier<Mono<Void>> pass, Logger log) {
        this.name = name;
        this.trigger = trigger;
        this.pass = pass;
        this.log = log;
    }

    @Override
    public void start() {
        loop = trigger.onBackpressureLatest()
                .concatMap(tick -> pass.get().onErrorResume(e -> {
                    log.warn("{} pass failed: {}", name, e.toString());
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
