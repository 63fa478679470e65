package dev.ariadne.common;

/** The platform cannot do this now (no trunk reachable, call control off or unreachable); worth a retry later. */
public final class UnavailableException extends RuntimeException {
    public UnavailableException(String message) {
        super(message);
    }
}
