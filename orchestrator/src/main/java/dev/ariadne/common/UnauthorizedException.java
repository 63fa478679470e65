package dev.ariadne.common;

/** Missing, malformed, unknown or revoked credentials. */
public final class UnauthorizedException extends RuntimeException {
    public UnauthorizedException(String message) {
        super(message);
    }
}
