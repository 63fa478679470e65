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
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/** Maps domain exceptions to RFC 9457 problem details, in one place. */
@RestControllerAdvice
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
