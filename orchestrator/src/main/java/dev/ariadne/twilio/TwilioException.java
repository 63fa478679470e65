package dev.ariadne.twilio;

/**
 * Twilio's API refused or failed a request.
 *
 * @param status the HTTP status Twilio answered with, 0 when it did not answer
 * @param code Twilio's error code (e.g. 20003 for bad credentials, 20404 for a missing resource), or null
 */
public final class TwilioException extends RuntimeException {
    private final int status;
    private final Integer code;

    TwilioException(String what, int status, Integer code, String message) {
        super(what + ": " + (status == 0 ? "" : "HTTP " + status + ", ") + (code == null ? "" : "code " + code + ", ")
                + message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public Integer code() {
        return code;
    }

    /** Worth retrying: rate limited, Twilio's own error, or no answer at all. */
    public boolean transient_() {
        return status == 0 || status == 429 || status >= 500;
    }

    /** The credentials were refused (HTTP 401). */
    public boolean unauthorized() {
        return status == 401;
    }
}
