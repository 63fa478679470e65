package dev.ariadne.call;

import dev.ariadne.agent.Agent;
import dev.ariadne.number.PhoneNumber;
import dev.ariadne.trunk.Trunk;
import java.util.UUID;

/** Where an inbound call goes: to an agent, or nowhere, with the reason and the cause to give the carrier. */
sealed interface Route {

    /** @param tenantCallLimit the tenant's tier limit on concurrent calls, checked on admission */
    record Accepted(Trunk trunk, PhoneNumber number, Agent agent, String e164, int tenantCallLimit) implements Route {}

    /**
     * @param hangupReason ARI's hangup reason, which becomes the SIP response (unallocated: 404, busy: 486,
     *     rejected: 403)
     * @param cause short machine-readable cause for the record
     * @param detail the reason in words, recorded on the call
     * @param tenantId, trunkId what routing found before it failed (null when nothing)
     */
    record Rejected(String hangupReason, int causeCode, String cause, String detail, UUID tenantId, UUID trunkId)
            implements Route {}
}
