package dev.ariadne.common;

/** This node is shutting down and takes no new calls; the same request to another node (or later) succeeds. */
public final class DrainingException extends RuntimeException {
    public DrainingException(String message) {
        super(message);
    }
}
