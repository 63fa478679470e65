package dev.ariadne.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The drain on shutdown, on virtual time with a fake set of calls: intake closes and readiness goes down at once;
 * calls that end within the drain timeout are left to end; those still up then are ended with the shutdown cause;
 * the stop completes only once they are torn down, and with no calls at once.
 */
class CallDrainTests {
    static final Duration TIMEOUT = Duration.ofMinutes(10);

    final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    final CallIntake intake = new CallIntake();
    final List<Object> published = new CopyOnWriteArrayList<>();
    final FakeCalls calls = new FakeCalls();
    final AtomicBoolean stopped = new AtomicBoolean();
    final CallDrain drain = new CallDrain(calls, intake, TIMEOUT, "node-1", published::add, time);

    /** Calls as the drain sees them: a count, and what ending them all was asked for and returns. */
    static final class FakeCalls implements CallDrain.Carried {
        final AtomicInteger count = new AtomicInteger();
        final List<String> endedWith = new CopyOnWriteArrayList<>();
        volatile Mono<Void> teardown = Mono.empty();

        @Override
        public int count() {
            return count.get();
        }

        @Override
        public Mono<Void> endAll(String cause) {
            endedWith.add(cause);
            return teardown;
        }
    }

    @AfterEach
    void tearDown() {
        time.dispose();
    }

    @Test
    void withNoCallsTheStopCompletesAtOnceAndNewCallsAreRefused() {
        drain.start();
        assertThat(intake.draining()).isFalse();

        drain.stop(() -> stopped.set(true));

        assertThat(stopped).isTrue();
        assertThat(drain.isRunning()).isFalse();
        assertThat(intake.draining()).isTrue();
        assertThat(calls.endedWith).isEmpty();
        assertThat(published).singleElement().isInstanceOfSatisfying(AvailabilityChangeEvent.class,
                e -> assertThat(e.getState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC));
    }

    @Test
    void callsThatEndWithinTheDrainTimeoutAreLeftToEndAndThenTheStopCompletes() {
        calls.count.set(3);
        drain.start();
        drain.stop(() -> stopped.set(true));

        assertThat(intake.draining()).isTrue();
        assertThat(published).hasSize(1);
        time.advanceTimeBy(Duration.ofMinutes(4));
        assertThat(stopped).isFalse();
        assertThat(drain.isRunning()).isTrue();
        calls.count.set(1);
        time.advanceTimeBy(Duration.ofMinutes(5));
        assertThat(stopped).isFalse();

        calls.count.set(0);
        time.advanceTimeBy(Duration.ofSeconds(1));

        assertThat(stopped).isTrue();
        assertThat(drain.isRunning()).isFalse();
        assertThat(calls.endedWith).isEmpty();
    }

    @Test
    void callsStillUpAtTheDrainTimeoutAreEndedWithTheShutdownCauseAndTheStopWaitsForTheirTeardown() {
        Sinks.Empty<Void> teardown = Sinks.empty();
        calls.teardown = teardown.asMono();
        calls.count.set(2);
        drain.stop(() -> stopped.set(true));

        time.advanceTimeBy(TIMEOUT.minusSeconds(1));
        assertThat(calls.endedWith).isEmpty();
        time.advanceTimeBy(Duration.ofSeconds(2));
        assertThat(calls.endedWith).containsExactly("orchestrator_shutdown");
        assertThat(stopped).isFalse();

        teardown.tryEmitEmpty();

        assertThat(stopped).isTrue();
    }

    @Test
    void aTeardownThatNeverCompletesHoldsTheStopNoLongerThanTheTeardownAllowance() {
        calls.teardown = Mono.never();
        calls.count.set(1);
        drain.stop(() -> stopped.set(true));

        time.advanceTimeBy(TIMEOUT.plusSeconds(1));
        assertThat(calls.endedWith).hasSize(1);
        assertThat(stopped).isFalse();
        time.advanceTimeBy(CallDrain.TEARDOWN_ALLOWANCE);

        assertThat(stopped).isTrue();
    }

    @Test
    void aDrainTimeoutOfZeroEndsTheCallsAtOnce() {
        CallDrain now = new CallDrain(calls, intake, Duration.ZERO, "node-1", published::add, time);
        calls.count.set(4);

        now.stop(() -> stopped.set(true));
        time.advanceTime();

        assertThat(calls.endedWith).containsExactly("orchestrator_shutdown");
        assertThat(stopped).isTrue();
    }

    @Test
    void aStartAfterAStopTakesCallsAgainAndIsReadyAgain() {
        drain.start();
        assertThat(published).as("nothing at the first start: Spring Boot says when the application is ready").isEmpty();
        drain.stop(() -> {});
        assertThat(intake.draining()).isTrue();

        drain.start();

        assertThat(intake.draining()).isFalse();
        assertThat(drain.isRunning()).isTrue();
        assertThat(published).extracting(e -> (Object) ((AvailabilityChangeEvent<?>) e).getState())
                .containsExactly(ReadinessState.REFUSING_TRAFFIC, ReadinessState.ACCEPTING_TRAFFIC);
    }

    @Test
    void aPauseOfTheContextIsNoShutdownAndDoesNotDrain() {
        assertThat(drain.isPauseable()).isFalse();
    }

    @Test
    void theDrainStopsBeforeTheCallEventStreamWhichStopsBeforeTheWebServersGracefulShutdown() {
        CallServices none = new CallServices(null, null, null, null, null, null, null, null, null, null, null, null);
        int events = new CallEvents(none, null).getPhase();

        assertThat(drain.getPhase()).isGreaterThan(events);
        assertThat(events).isGreaterThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
    }
}
