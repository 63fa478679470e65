package dev.ariadne.ari;

import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reactive control of one Asterisk through ARI. Every command is a cold {@link Mono} that sends its
 * request when subscribed and never blocks the subscribing thread; failures are {@link
 * AriException}s carrying the HTTP status.
 */
public interface AriClient {

    /**
     * Whether the events WebSocket is connected now: Asterisk then has the Stasis application registered and
     * calls can enter it (readiness). False before the first subscriber and during every reconnect.
     */
    boolean eventsConnected();

    /**
     * Events of the Stasis application: hot and shared. The WebSocket connects on the first
     * subscriber and reconnects with exponential backoff; {@link AriEvent.Connected} follows every
     * (re)connect and {@link AriEvent.Disconnected} every loss.
     */
    Flux<AriEvent> events();

    Mono<Void> answer(String channelId);

    /** Hangs up; reason is ARI's: normal, busy, congestion, no_answer, ... (null means normal). */
    Mono<Void> hangup(String channelId, String reason);

    /** Creates a bridge of the given type (e.g. {@code mixing}) and returns its id. */
    Mono<String> createBridge(String type);

    /**
     * Creates a bridge with the id the caller chose, so that the caller knows it even when the answer is lost
     * (a cancelled or timed-out request can still create the bridge).
     */
    Mono<String> createBridge(String type, String bridgeId);

    Mono<Void> addToBridge(String bridgeId, String... channelIds);

    Mono<Void> destroyBridge(String bridgeId);

    /**
     * Creates an external-media channel in the Stasis application that streams RTP over UDP to
     * {@code externalHost} ({@code host:port}) in {@code format} (e.g. {@code slin16}).
     *
     * @param channelIdHint the channel id to use, or null to let Asterisk choose
     */
    Mono<ExternalMediaChannel> externalMedia(String externalHost, String format, String channelIdHint);

    /** Reads a channel variable or function, e.g. {@code CHANNEL(pjsip,call-id)}. */
    Mono<String> getChannelVar(String channelId, String name);

    Mono<Void> sendDtmf(String channelId, String digits);

    /** Starts playing a media URI ({@code sound:...}, {@code tone:...}) and returns the playback id. */
    Mono<String> play(String channelId, String mediaUri);

    /** Redirects a channel (not in a bridge) to another endpoint, e.g. for a blind transfer. */
    Mono<Void> redirect(String channelId, String endpoint);

    /** Sends the channel back to the dialplan; null arguments keep the current location. */
    Mono<Void> continueInDialplan(String channelId, String context, String extension, Integer priority);

    /** Originates a call from an endpoint into the Stasis application with the given app args. */
    default Mono<ChannelInfo> originate(
            String endpoint, String callerId, String appArgs, int timeoutSec, Map<String, String> variables) {
        return originate(endpoint, callerId, appArgs, timeoutSec, variables, null);
    }

    /**
     * Originates a call into the Stasis application: the channel enters the app (StasisStart) when it is
     * answered; before that the app gets its Dial progress and, if it fails, its ChannelDestroyed with the cause.
     *
     * @param channelId the new channel's id, chosen by the caller so that its first events can be routed before
     *     the request returns; null lets Asterisk choose
     */
    Mono<ChannelInfo> originate(String endpoint, String callerId, String appArgs, int timeoutSec,
            Map<String, String> variables, String channelId);

    /** All channels Asterisk has now, to resynchronise after a reconnect. */
    Flux<ChannelInfo> channels();

    Mono<EndpointInfo> endpoint(String technology, String resource);

    Mono<AsteriskInfo> info();

    /** Reloads a module, e.g. {@code res_pjsip_outbound_registration.so}. */
    Mono<Void> reloadModule(String module);

    /** Creates or updates a sorcery object, e.g. {@code res_pjsip/endpoint/trunk-1}. */
    Mono<Void> pushDynamicConfig(String configClass, String objectType, String id, Map<String, String> fields);

    Mono<Void> deleteDynamicConfig(String configClass, String objectType, String id);

    /**
     * Whether Asterisk has a sorcery object, e.g. {@code res_pjsip/transport/transport-tls} (from pjsip.conf or
     * pushed): true when ARI returns it, false on 404, an error when Asterisk cannot be asked.
     */
    Mono<Boolean> hasDynamicConfig(String configClass, String objectType, String id);
}
