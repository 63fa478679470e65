package dev.ariadne.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ariadne.io.IoLoops;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopPacerTests {

    private final IoLoops loops = new IoLoops(1);
    private final EventLoop loop = loops.next();
    private final LoopPacer pacer = new LoopPacer(loop);

    @AfterEach
    void tearDown() {
        loops.close();
    }

    @Test
    void ticksEverySessionOfItsLoopOnThatLoop() {
        AtomicInteger ticks = new AtomicInteger();
        AtomicInteger offLoop = new AtomicInteger();
        loop.execute(() -> pacer.register(now -> {
            ticks.incrementAndGet();
            if (!loop.inEventLoop()) {
                offLoop.incrementAndGet();
            }
        }));
        await().atMost(Duration.ofSeconds(5)).until(() -> ticks.get() >= 20);
        assertThat(offLoop).hasValue(0);
    }

    @Test
    void aSessionThatThrowsIsDroppedAndTheOthersKeepTheirAudio() {
        AtomicInteger healthy = new AtomicInteger();
        AtomicInteger broken = new AtomicInteger();
        loop.execute(() -> {
            pacer.register(now -> {
                broken.incrementAndGet();
                throw new IllegalStateException("bug in one session");
            });
            pacer.register(now -> healthy.incrementAndGet());
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> healthy.get() >= 10);
        assertThat(broken).hasValue(1);
    }

    @Test
    void theTimerStopsWhenTheLastSessionLeaves() throws Exception {
        AtomicInteger ticks = new AtomicInteger();
        LoopPacer.Paced session = now -> ticks.incrementAndGet();
        loop.execute(() -> pacer.register(session));
        await().atMost(Duration.ofSeconds(5)).until(() -> ticks.get() >= 3);
        loop.submit(() -> pacer.unregister(session)).get();
        long before = pacer.ticks();
        Thread.sleep(100);
        assertThat(loop.submit(pacer::ticks).get()).isEqualTo(before);
    }
}
