package dev.ariadne.call;

import org.springframework.stereotype.Component;

/**
 * Whether this node takes new calls. It stops when the node drains before shutting down ({@link CallDrain}):
 * inbound calls are then refused with cause 34 (SIP 503, so that the SIP edge tries another node), outbound
 * requests with 503 {@code draining}. Calls in progress are not affected.
 */
@Component
class CallIntake {
    private volatile boolean draining;

    boolean draining() {
        return draining;
    }

    void refuse() {
        draining = true;
    }

    void accept() {
        draining = false;
    }
}
