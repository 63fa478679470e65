package dev.ariadne.common;

import java.util.List;

/** A request with one or more invalid fields; every one of them is named, with its reason. */
public final class InvalidRequestException extends RuntimeException {
    private final List<FieldViolation> violations;

    public InvalidRequestException(List<FieldViolation> violations) {
        super("Invalid request: " + violations.size() + " invalid field(s)");
        this.violations = List.copyOf(violations);
    }

    public static InvalidRequestException of(String field, String reason) {
        return new InvalidRequestException(List.of(new FieldViolation(field, reason)));
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
