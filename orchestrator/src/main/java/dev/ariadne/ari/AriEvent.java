package dev.ariadne.ari;

import java.util.List;
import java.util.Map;

/**
 * An event from the ARI events WebSocket of the Stasis application, reduced to what call control
 * needs. {@link Connected} and {@link Disconnected} are synthetic: they mark the WebSocket's life so
 * that subscribers can resynchronise (list channels) after a reconnect.
 */
public sealed interface AriEvent {

    /**
     * The channel the event is about (a Dial's dialled channel, a playback's target channel), or null for events
     * of no channel.
     */
    default String channel() {
        return switch (this) {
            case StasisStart e -> e.channelId();
            case StasisEnd e -> e.channelId();
            case ChannelHangupRequest e -> e.channelId();
            case ChannelDestroyed e -> e.channelId();
            case ChannelDtmfReceived e -> e.channelId();
            case ChannelStateChange e -> e.channelId();
            case Dial e -> e.peerId();
            case PlaybackFinished e -> e.targetUri() != null && e.targetUri().startsWith("channel:")
                    ? e.targetUri().substring("channel:".length()) : null;
            case Connected e -> null;
            case Disconnected e -> null;
            case Other e -> null;
        };
    }

    /** A channel entered the Stasis application. Fields the event does not carry are null. */
    record StasisStart(
            String channelId,
            String channelName,
            List<String> args,
            String callerNumber,
            String dialedExten,
            String channelState,
            Map<String, String> channelVars)
            implements AriEvent {
        public StasisStart {
            args = args == null ? List.of() : List.copyOf(args);
            channelVars = channelVars == null ? Map.of() : Map.copyOf(channelVars);
        }
    }

    /** A channel left the Stasis application. */
    record StasisEnd(String channelId) implements AriEvent {}

    /**
     * Someone asked for the channel to be hung up (Q.850 cause).
     *
     * @param techCause the channel technology's own cause, for PJSIP the SIP response status (e.g. 503), when
     *     Asterisk knows it (22.7+ reports it on off-nominal endings); null otherwise
     */
    record ChannelHangupRequest(String channelId, int cause, Integer techCause) implements AriEvent {
        public ChannelHangupRequest(String channelId, int cause) {
            this(channelId, cause, null);
        }
    }

    /**
     * The channel is gone.
     *
     * @param techCause for PJSIP the SIP response status that ended an unanswered call (e.g. 486, 503), or null
     * @param protocolId for PJSIP the SIP Call-ID of the channel's dialog, or null
     */
    record ChannelDestroyed(String channelId, int cause, String causeText, Integer techCause, String protocolId)
            implements AriEvent {
        public ChannelDestroyed(String channelId, int cause, String causeText) {
            this(channelId, cause, causeText, null, null);
        }
    }

    /**
     * Progress of a channel being dialled ({@code Dial} event): {@code dialStatus} is empty when dialling starts,
     * then e.g. PROGRESS, RINGING, PROCEEDING, ANSWER, BUSY, CONGESTION, NOANSWER, CHANUNAVAIL or CANCEL.
     *
     * @param peerId the dialled channel
     */
    record Dial(String peerId, String dialStatus) implements AriEvent {}

    /** A DTMF digit ended on the channel. */
    record ChannelDtmfReceived(String channelId, String digit, int durationMs) implements AriEvent {}

    /** The channel's state changed (Ring, Up, ...). */
    record ChannelStateChange(String channelId, String state) implements AriEvent {}

    /** A playback ended; targetUri names what it played on, e.g. {@code channel:<id>}. */
    record PlaybackFinished(String playbackId, String targetUri) implements AriEvent {}

    /** The events WebSocket is (re)connected; state may have changed while it was down. */
    record Connected() implements AriEvent {}

    /** The events WebSocket was lost; a reconnect follows with backoff. */
    record Disconnected(String reason) implements AriEvent {}

    /** Any event the orchestrator does not interpret. */
    record Other(String type) implements AriEvent {}
}
