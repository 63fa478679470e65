package dev.ariadne.io;

/**
 * One event loop, apart from the media loops, for the orchestrator's control traffic to Asterisk and carriers (AMI,
 * trunk checks): parsing a long AMI answer there never delays a call's RTP.
 */
public record ControlLoops(IoLoops loops) implements AutoCloseable {
    @Override
    public void close() {
        loops.close();
    }
}
