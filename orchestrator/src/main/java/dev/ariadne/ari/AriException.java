package dev.ariadne.ari;

/**
 * An ARI command failed. {@link #status()} is the HTTP status Asterisk answered with, or 0 when no
 * answer came (connection refused, timeout). A 404 usually means the channel or bridge is already
 * gone, which callers tearing a call down treat as done.
 */
public final class AriException extends RuntimeException {

    private final int status;

    public AriException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean isNotFound() {
        return status == 404;
    }
}
