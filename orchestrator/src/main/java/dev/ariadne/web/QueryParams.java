package dev.ariadne.web;

import dev.ariadne.common.Violations;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters the listings share, parsed into the request's violations rather than Spring's generic 400. */
public final class QueryParams {
    public static final String INSTANT_REASON = "must be an ISO-8601 instant, e.g. 2026-11-27T10:00:00Z";

    private QueryParams() {}

    /** Null when absent or blank; a value that does not parse is added to {@code v} under {@code field}. */
    public static Instant instant(Violations v, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            v.add(field, INSTANT_REASON);
            return null;
        }
    }
}
