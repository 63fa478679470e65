package dev.ariadne.call;

import dev.ariadne.ari.AriEvent;
import dev.ariadne.common.Addresses;
import dev.ariadne.edge.EdgeProperties;
import dev.ariadne.number.PhoneNumber;

/**
 * What Asterisk tells about an inbound call when it enters the Stasis app: the endpoint PJSIP identified it as
 * (Stasis argument), the dialled extension (the Request-URI's user), and what the dialplan read from the SIP
 * dialog into channel variables ({@code ari.conf channelvars}): the signalling source address, the SIP Call-ID
 * and the To URI.
 *
 * @param source the address the INVITE came from, {@code host:port}: the signalling source, or behind the SIP edge the
 *     carrier's address the edge forwarded ({@link EdgeProperties#callSource}); null if the dialplan set none
 */
record InboundCall(String channelId, String endpointId, String dialled, String toUri, String source,
        String sipCallId, String callerNumber) {
    static final String SOURCE_VAR = "ARIADNE_SOURCE";
    static final String CALL_ID_VAR = "ARIADNE_SIP_CALL_ID";
    static final String TO_VAR = "ARIADNE_TO";
    /** The SIP edge's {@code X-Ariadne-Source} header (the carrier's host:port), empty without an edge. */
    static final String EDGE_SOURCE_VAR = "ARIADNE_EDGE_SOURCE";

    static InboundCall of(AriEvent.StasisStart s) {
        return of(s, EdgeProperties.none());
    }

    static InboundCall of(AriEvent.StasisStart s, EdgeProperties edge) {
        String source = edge.callSource(blank(s.channelVars().get(SOURCE_VAR)), blank(s.channelVars().get(EDGE_SOURCE_VAR)));
        return new InboundCall(s.channelId(), s.args().size() > 1 ? s.args().get(1) : "", s.dialedExten(),
                blank(s.channelVars().get(TO_VAR)), source, blank(s.channelVars().get(CALL_ID_VAR)), s.callerNumber());
    }

    /**
     * The number called, in E.164: the Request-URI's user if it is one, else the To URI's user (a carrier that
     * sends calls to a registration's contact puts the number only in To); null when neither is a number.
     */
    String number() {
        String e164 = PhoneNumber.normalize(dialled);
        return e164 != null ? e164 : PhoneNumber.normalize(userOf(toUri));
    }

    /** The number as recorded: E.164 when there is one, else what was dialled. */
    String recordedTo() {
        String e164 = number();
        return e164 != null ? e164 : dialled;
    }

    /** The source's IP address, or null. */
    String sourceAddress() {
        return Addresses.hostOf(source);
    }

    /** The user part of a sip:/sips: URI, possibly inside a name-addr ({@code "x" <sip:user@host>;tag=..}). */
    static String userOf(String uri) {
        if (uri == null) {
            return null;
        }
        int scheme = uri.indexOf("sip:");
        int start = scheme >= 0 ? scheme + 4 : uri.indexOf("sips:") >= 0 ? uri.indexOf("sips:") + 5 : -1;
        if (start < 0) {
            return null;
        }
        int at = uri.indexOf('@', start);
        return at < 0 ? null : uri.substring(start, at);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
