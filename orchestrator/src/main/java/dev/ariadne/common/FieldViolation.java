package dev.ariadne.common;

import java.util.Objects;

/** One invalid field of a request and why it is invalid. */
public record FieldViolation(String field, String reason) {
    public FieldViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
    }
}
