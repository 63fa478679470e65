package dev.ariadne.call.web;

import dev.ariadne.common.InvalidRequestException;
import dev.ariadne.number.PhoneNumber;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters the call listings share. */
final class CallParams {
    private CallParams() {}

    /** An unencoded '+' in a query string arrives as a space: "15551234567", " 15551234567" and "+1555..." match. */
    static String number(String n) {
        if (n == null || n.isBlank()) {
            return null;
        }
        String e164 = PhoneNumber.normalize(n);
        return e164 != null ? e164 : n.strip();
    }

    static Instant time(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.of(field, "must be an ISO-8601 instant, e.g. 2026-11-27T10:00:00Z");
        }
    }
}
