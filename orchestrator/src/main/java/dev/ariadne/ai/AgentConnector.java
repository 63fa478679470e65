package dev.ariadne.ai;

import io.netty.channel.EventLoop;
import reactor.core.publisher.Mono;

/**
 * Opens a call's WebSocket session to its AI agent. Each agent URL has its own circuit breaker: while it is
 * open, {@link #connect} fails at once with {@link AgentUnavailableException} without a connection attempt.
 */
public interface AgentConnector {

    /**
     * Connects on {@code loop} (the call's media loop, so that audio crosses between the two sockets on one
     * thread), completes the WebSocket handshake and sends the {@code start} message (Twilio profile:
     * {@code connected} then {@code start}). Fails with {@link AgentUnavailableException} when the agent cannot
     * be reached, refuses the handshake or does not answer within the handshake timeout.
     */
    Mono<AgentSession> connect(AgentSessionSpec spec, EventLoop loop);
}
