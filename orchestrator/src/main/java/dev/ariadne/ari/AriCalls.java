package dev.ariadne.ari;

import ch.loway.oss.ari4java.tools.AriCallback;
import ch.loway.oss.ari4java.tools.RestException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Turns ari4java's callback API into cold Monos and its errors into {@link AriException}. */
final class AriCalls {

    /** Builds an ari4java request and executes it with the given callback. */
    @FunctionalInterface
    interface Request<T> {
        void send(AriCallback<T> callback) throws RestException;
    }

    private AriCalls() {}

    static <T> Mono<T> call(String what, Request<T> request) {
        return Mono.<T>create(sink -> {
                    try {
                        request.send(new AriCallback<>() {
                            @Override
                            public void onSuccess(T result) {
                                sink.success(result);
                            }

                            @Override
                            public void onFailure(RestException e) {
                                sink.error(toAriException(what, e));
                            }
                        });
                    } catch (RestException | RuntimeException e) {
                        sink.error(toAriException(what, e));
                    }
                })
                // The response arrives on the HTTP client's event loop: call work chained on a result must
                // not hold up the other commands' responses.
                .publishOn(Schedulers.parallel());
    }

    static AriException toAriException(String what, Throwable e) {
        if (e instanceof AriException ae) {
            return ae;
        }
        int status = e instanceof RestException re && re.getCode() > 0 ? re.getCode() : 0;
        return new AriException(status, what + " failed" + (status > 0 ? " (" + status + ")" : "") + ": "
                + e.getMessage(), e);
    }
}
