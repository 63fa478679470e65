package dev.ariadne.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class PeriodicPassTests {
    @Test
    void failedPassesAreOneWarnEachAndTheFirstSuccessAfterThemOneInfoAndLaterSuccessesNothing() {
        Logger logger = (Logger) LoggerFactory.getLogger("pass-test-" + System.nanoTime());
        logger.setLevel(Level.INFO);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        AtomicInteger runs = new AtomicInteger();
        // Passes 1 and 2 fail (the database away), 3 and 4 succeed.
        PeriodicPass pass = new PeriodicPass("reconcile", Flux.range(1, 4), () -> runs.incrementAndGet() <= 2
                ? Mono.error(new IllegalStateException("Connection refused"))
                : Mono.empty(), logger);
        pass.start();
        assertThat(runs).hasValue(4);
        assertThat(lines.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.WARN, Level.INFO);
        assertThat(lines.list.getFirst().getFormattedMessage())
                .startsWith("the reconcile pass failed (java.lang.IllegalStateException: Connection refused)");
        assertThat(lines.list.getLast().getFormattedMessage()).startsWith("the reconcile pass works again after");
        pass.stop();
    }
}
