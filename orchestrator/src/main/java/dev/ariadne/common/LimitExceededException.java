package dev.ariadne.common;

/** A tier limit would be exceeded; the message names the limit. */
public final class LimitExceededException extends RuntimeException {
    public LimitExceededException(String message) {
        super(message);
    }
}
