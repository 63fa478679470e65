package dev.ariadne.common;

/** The request clashes with existing state: a duplicate name or number, or a resource still in use. */
public final class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
