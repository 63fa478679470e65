package dev.ariadne.ai;

import java.util.Objects;
import java.util.OptionalInt;

/** The agent's WebSocket session could not be opened; {@link #reason()} says why. */
public final class AgentUnavailableException extends RuntimeException {

    /** Why the agent is unavailable. */
    public enum Reason {
        /** The agent's circuit breaker is open: no attempt was made. */
        CIRCUIT_OPEN,
        /** TCP/TLS connection failed (refused, unreachable, connect timeout). */
        CONNECT_FAILED,
        /** The agent answered the upgrade request with something other than 101, or a bad subprotocol. */
        HANDSHAKE_REJECTED,
        /** The handshake did not complete within the handshake timeout. */
        TIMEOUT,
        /** The agent's host resolved to an address in {@code ariadne.agent.denied-networks}: no attempt was made. */
        ADDRESS_DENIED
    }

    private final Reason reason;
    private final Integer httpStatus;

    public AgentUnavailableException(Reason reason, String message, Integer httpStatus, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.httpStatus = httpStatus;
    }

    public Reason reason() {
        return reason;
    }

    /** HTTP status of a refused handshake, if the agent answered at all. */
    public OptionalInt httpStatus() {
        return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }
}
