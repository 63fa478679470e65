package dev.ariadne.webhook.web;

import dev.ariadne.tenant.AuthenticatedTenant;
import dev.ariadne.webhook.EventStream;
import dev.ariadne.webhook.TenantEvent;
import dev.ariadne.webhook.WebhookProperties;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** {@code GET /api/v1/events}: the tenant's events as server-sent events, live, with a heartbeat comment. */
@RestController
class EventStreamController {
    private final EventStream events;
    private final WebhookProperties props;

    EventStreamController(EventStream events, WebhookProperties props) {
        this.events = events;
        this.props = props;
    }

    @GetMapping(path = "/api/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<String>> stream(AuthenticatedTenant tenant,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        Flux<ServerSentEvent<String>> heartbeat = Flux.interval(props.heartbeat())
                .map(n -> ServerSentEvent.<String>builder().comment("heartbeat").build());
        Flux<ServerSentEvent<String>> stream = events.events(tenant.tenantId(), uuidOrNull(lastEventId))
                .map(EventStreamController::sse);
        // The first comment makes the response (and its headers) leave at once, before any event.
        return Flux.concat(Flux.just(ServerSentEvent.<String>builder().comment("connected").build()),
                Flux.merge(stream, heartbeat));
    }

    static ServerSentEvent<String> sse(TenantEvent e) {
        return ServerSentEvent.builder(e.envelope()).id(e.id().toString()).event(e.type()).build();
    }

    private static UUID uuidOrNull(String s) {
        try {
            return s == null || s.isBlank() ? null : UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
            return null; // not one of ours: the stream starts live
        }
    }
}
