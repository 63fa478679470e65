package dev.ariadne.call;

import dev.ariadne.agent.Agent;
import dev.ariadne.number.PhoneNumber;
import dev.ariadne.trunk.Trunk;
import java.util.UUID;

/** Where an inbound call goes: to an agent, or nowhere, with the reason and the cause to give the carrier. */
sealed interface Route {

    /**
     * @param trunk the trunk that carries the call: the dialled number's
     * @param tenantCallLimit the tenant's tier limit on concurrent calls, checked on admission
     */
    record Accepted(Trunk trunk, PhoneNumber number, Agent agent, String e164, int tenantCallLimit) implements Route {}

    /**
     * @param hangupReason ARI's hangup reason, which becomes the SIP response (unallocated: 404, busy: 486,
     *     rejected: 403, congestion: 503)
     * @param cause short machine-readable cause for the record
     * @param detail the reason in words, recorded on the call; it names nothing of a tenant other than the
     *     record's own
     * @param tenantId, trunkId, numberId the dialled number's owner, its trunk and the number; all null when no
     *     tenant owns the number, so that the record is nobody's but the operators'
     */
    record Rejected(String hangupReason, int causeCode, String cause, String detail, UUID tenantId, UUID trunkId,
            UUID numberId) implements Route {

        /** A rejection before any tenant is known: the record belongs to no tenant. */
        static Rejected unattributed(String hangupReason, int causeCode, String cause, String detail) {
            return new Rejected(hangupReason, causeCode, cause, detail, null, null, null);
        }
    }
}
