package dev.ariadne.ami;

/** An AMI action that could not be sent or was refused, or AMI not connected. */
public class AmiException extends RuntimeException {
    public AmiException(String message) {
        super(message);
    }

    public AmiException(String message, Throwable cause) {
        super(message, cause);
    }
}
