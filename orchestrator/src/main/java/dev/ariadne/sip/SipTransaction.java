package dev.ariadne.sip;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A non-INVITE client transaction (RFC 3261 section 17.1.2): the request is sent, retransmitted over UDP at T1,
 * doubling up to T2 (Timer E), until a final response; provisional responses are skipped. Without a final response
 * within {@code timeout} (Timer F, shortened for a probe) it fails with {@link TimeoutException}.
 */
public final class SipTransaction {
    static final Duration T1 = Duration.ofMillis(500);
    static final Duration T2 = Duration.ofSeconds(4);

    private SipTransaction() {}

    /** What a transaction got: the final response, and the time from the first send to it. */
    public record Result(SipResponse response, Duration roundTrip, int sent) {}

    /** A fresh branch, with RFC 3261's magic cookie. */
    public static String branch() {
        return "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    /** Runs one transaction on the flow; {@code request} builds the message for the given branch. */
    public static Mono<Result> run(SipFlow flow, Function<String, String> request, Duration timeout) {
        return Mono.defer(() -> {
            String branch = branch();
            String message = request.apply(branch);
            long start = System.nanoTime();
            int[] sent = {0};
            Mono<SipResponse> finalResponse = flow.responses()
                    .filter(r -> branch.equals(r.branch()) && r.isFinal())
                    .next();
            Flux<Long> sends = flow.reliable()
                    ? Flux.just(0L)
                    : Flux.concat(Flux.just(0L), Flux.fromStream(java.util.stream.Stream.iterate(T1,
                                    d -> d.multipliedBy(2).compareTo(T2) > 0 ? T2 : d.multipliedBy(2)))
                            .concatMap(d -> Mono.delay(d)));
            Mono<Void> sending = sends.concatMap(x -> flow.send(message).doOnSuccess(v -> sent[0]++)).then();
            return finalResponse
                    .map(r -> new Result(r, Duration.ofNanos(System.nanoTime() - start), Math.max(1, sent[0])))
                    .as(r -> Mono.firstWithSignal(r, sending.then(Mono.<Result>never())))
                    .timeout(timeout, Mono.error(() -> new TimeoutException(
                            "no final response within " + timeout.toMillis() + " ms (" + Math.max(1, sent[0])
                                    + " sent)")));
        });
    }
}
