package dev.ariadne.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PacingClockTests {

    @Test
    void aSessionThatThrowsIsDroppedAndTheOthersKeepTicking() throws InterruptedException {
        try (PacingClock clock = new PacingClock()) {
            CountDownLatch healthyTicks = new CountDownLatch(5);
            AtomicInteger failingTicks = new AtomicInteger();
            clock.register(() -> {
                failingTicks.incrementAndGet();
                throw new IllegalStateException("boom");
            });
            clock.register(healthyTicks::countDown);

            assertThat(healthyTicks.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(failingTicks.get()).isEqualTo(1);
        }
    }

    @Test
    void anUnregisteredSessionIsNoLongerTicked() throws InterruptedException {
        try (PacingClock clock = new PacingClock()) {
            AtomicInteger ticks = new AtomicInteger();
            PacingClock.Paced session = ticks::incrementAndGet;
            clock.register(session);
            while (ticks.get() < 2) {
                Thread.sleep(5);
            }
            clock.unregister(session);
            Thread.sleep(30); // let a tick in progress finish
            int afterUnregister = ticks.get();

            Thread.sleep(100);

            assertThat(ticks.get()).isEqualTo(afterUnregister);
        }
    }
}
