package dev.ariadne.web;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Errors that never reach a controller (no route for the path, a method the route does not take, an exception in
 * a filter) become the project's problems too, instead of Spring Boot's error JSON. Runs before Boot's
 * {@code DefaultErrorWebExceptionHandler} (order -1).
 */
@Component
@Order(-2)
class ProblemWebExceptionHandler implements WebExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        if (ex instanceof ResponseStatusException rse) {
            HttpStatus status = HttpStatus.resolve(rse.getStatusCode().value());
            if (status == null) {
                status = HttpStatus.INTERNAL_SERVER_ERROR;
            }
            exchange.getResponse().getHeaders().addAll(rse.getHeaders());
            String detail = status == HttpStatus.NOT_FOUND
                    ? "no resource at " + exchange.getRequest().getPath().value()
                    : ApiExceptionHandler.statusDetail(rse);
            return ProblemResponses.write(exchange, status, ProblemTypes.forStatus(status.value()),
                    status.getReasonPhrase(), detail, Map.of());
        }
        log.error("unhandled error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
        return ProblemResponses.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL,
                "Internal error", "the request failed unexpectedly; it has been logged", Map.of());
    }
}
