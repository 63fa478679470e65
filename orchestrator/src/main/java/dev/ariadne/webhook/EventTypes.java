package dev.ariadne.webhook;

import java.util.List;

/** The events a tenant's systems can subscribe to. */
public final class EventTypes {
    public static final String CALL_STARTED = "call.started";
    public static final String CALL_ANSWERED = "call.answered";
    public static final String CALL_ENDED = "call.ended";
    public static final String TRUNK_HEALTH_CHANGED = "trunk.health_changed";
    public static final String TRUNK_REGISTRATION_CHANGED = "trunk.registration_changed";
    public static final String TRUNK_UTILIZATION_HIGH = "trunk.utilization_high";
    /** A webhook's {@code events: ["*"]}: every type, including types added later. */
    public static final String ALL = "*";
    public static final List<String> KNOWN = List.of(CALL_STARTED, CALL_ANSWERED, CALL_ENDED, TRUNK_HEALTH_CHANGED,
            TRUNK_REGISTRATION_CHANGED, TRUNK_UTILIZATION_HIGH);

    private EventTypes() {}
}
