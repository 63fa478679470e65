package dev.ariadne.web;

import dev.ariadne.common.ConflictException;
import dev.ariadne.common.FieldViolation;
import dev.ariadne.common.InvalidRequestException;
import dev.ariadne.common.LimitExceededException;
import dev.ariadne.common.NotFoundException;
import dev.ariadne.common.UnauthorizedException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.UUID;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Maps domain exceptions to RFC 9457 problem details, in one place. First of all advice, so that Spring Boot's
 * generic problem handler ({@code spring.webflux.problemdetails}) never answers with a type of its own.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
        List<FieldViolation> v = e.violations();
        String detail = v.stream().map(f -> f.field() + ": " + f.reason()).reduce((a, b) -> a + "; " + b).orElse("");
        ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request", detail);
        pd.setProperty("errors", v.stream().map(f -> Map.of("field", f.field(), "reason", f.reason())).toList());
        return respond(pd);
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> malformed(ServerWebInputException e) {
        MethodParameter p = e.getMethodParameter();
        if (e instanceof MissingRequestValueException missing && !missing.getLabel().equals("request body")) {
            return invalid(InvalidRequestException.of(missing.getName(), "is required"));
        }
        if (p != null && !p.hasParameterAnnotation(RequestBody.class) && e.getCause() instanceof TypeMismatchException) {
            // A path or query parameter that does not convert: /api/v1/trunks/not-a-uuid, ?page=abc.
            return invalid(InvalidRequestException.of(parameterName(p), typeReason(p.getParameterType())));
        }
        // The cause names the JSON problem (wrong type, bad syntax) but may quote input: keep only its summary.
        String reason = e.getReason() == null ? "the request body could not be read" : e.getReason();
        Throwable root = e.getMostSpecificCause();
        if (root != e && root.getMessage() != null) {
            String m = root.getMessage();
            int cut = m.indexOf('\n');
            reason = reason + ": " + (cut > 0 ? m.substring(0, cut) : m);
        }
        return respond(problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_BODY, "Malformed request", reason));
    }

    /** Spring's own HTTP errors in a controller's arguments or result: 405, 406, 415 and the like. */
    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ProblemDetail> status(ResponseStatusException e, ServerWebExchange exchange) {
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        // Spring's own 404 text names its static resource handler and echoes the whole URL.
        String detail = status == HttpStatus.NOT_FOUND ? "no resource at " + exchange.getRequest().getPath().value()
                : statusDetail(e);
        ProblemDetail pd = problem(status, ProblemTypes.forStatus(status.value()), status.getReasonPhrase(), detail);
        return ResponseEntity.status(status).headers(e.getHeaders()).body(pd);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unhandled error in a controller", e);
        return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL, "Internal error",
                "the request failed unexpectedly; it has been logged"));
    }

    static String statusDetail(ResponseStatusException e) {
        return e.getReason() != null ? e.getReason() : HttpStatus.valueOf(e.getStatusCode().value()).getReasonPhrase();
    }

    private static String parameterName(MethodParameter p) {
        PathVariable path = p.getParameterAnnotation(PathVariable.class);
        if (path != null && !path.name().isEmpty()) {
            return path.name();
        }
        RequestParam param = p.getParameterAnnotation(RequestParam.class);
        if (param != null && !param.name().isEmpty()) {
            return param.name();
        }
        return p.getParameterName() == null ? "parameter" : p.getParameterName();
    }

    private static String typeReason(Class<?> type) {
        if (type == UUID.class) {
            return "must be a UUID";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "must be an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        return "has the wrong format";
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return respond(problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", e.getMessage()));
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException e) {
        return respond(problem(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict", e.getMessage()));
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e) {
        // A race past the service's own checks; the database's message may hold values, so it is not echoed.
        log.info("integrity violation mapped to 409: {}", e.getClass().getSimpleName());
        return respond(problem(
                HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict", "the change conflicts with existing data"));
    }

    @ExceptionHandler(LimitExceededException.class)
    ResponseEntity<ProblemDetail> limit(LimitExceededException e) {
        return respond(problem(HttpStatus.FORBIDDEN, ProblemTypes.LIMIT_EXCEEDED, "Limit exceeded", e.getMessage()));
    }

    @ExceptionHandler(dev.ariadne.common.UnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(dev.ariadne.common.UnavailableException e) {
        ProblemDetail pd = problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "Unavailable", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(pd);
    }

    @ExceptionHandler(dev.ariadne.common.DrainingException.class)
    ResponseEntity<ProblemDetail> draining(dev.ariadne.common.DrainingException e) {
        ProblemDetail pd = problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.DRAINING, "Draining", e.getMessage());
        // Behind a load balancer the retry goes to another node at once (this one's readiness is down).
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(pd);
    }

    @ExceptionHandler(UnauthorizedException.class)
    ResponseEntity<ProblemDetail> unauthorized(UnauthorizedException e) {
        ProblemDetail pd = problem(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "Unauthorized", e.getMessage());
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(pd);
    }

    static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setType(type);
        pd.setTitle(title);
        return pd;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail pd) {
        return ResponseEntity.status(pd.getStatus()).body(pd);
    }
}
