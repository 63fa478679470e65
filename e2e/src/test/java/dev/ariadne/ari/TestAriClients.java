package dev.ariadne.ari;

/**
 * Builds the orchestrator's own {@link AriClient} for a second Asterisk (the carrier simulator). The
 * implementation is package-private on purpose; tests reach it from the same package.
 */
public final class TestAriClients {
    private TestAriClients() {}

    /** A client for the given ARI; close it with {@link AutoCloseable#close()} on the returned object. */
    public static Closeable create(AriProperties properties) {
        Ari4jClient client = new Ari4jClient(properties);
        return new Closeable(client);
    }

    /** The client plus a way to release its Netty resources and events WebSocket. */
    public record Closeable(AriClient client) implements AutoCloseable {
        @Override
        public void close() {
            ((Ari4jClient) client).close();
        }
    }
}
