package dev.ariadne.call;

import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * TEMPORARY stub (e2e branch only) so that the orchestrator compiles while the real call session is written
 * in main. Drop this file when merging: main's CallSession replaces it.
 */
abstract class CallSession {
    abstract UUID callId();

    abstract UUID tenantId();

    abstract UUID trunkId();

    abstract Mono<Void> end(String cause, Object detail);
}
