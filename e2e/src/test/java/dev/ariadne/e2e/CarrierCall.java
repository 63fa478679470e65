package dev.ariadne.e2e;

import dev.ariadne.ari.AriEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** One call the carrier placed to Ariadne, seen from the carrier's ARI. */
public final class CarrierCall {
    private final Carrier carrier;
    private final String channelId;
    private final String callerNumber;

    CarrierCall(Carrier carrier, String channelId) {
        this(carrier, channelId, null);
    }

    CarrierCall(Carrier carrier, String channelId, String callerNumber) {
        this.carrier = Objects.requireNonNull(carrier, "carrier");
        this.channelId = Objects.requireNonNull(channelId, "channelId");
        this.callerNumber = callerNumber;
    }

    /** For a call from Ariadne: the caller id it came with (the From header's user). */
    public String callerNumber() {
        return callerNumber;
    }

    /** A header of the INVITE this channel came in with (a call from Ariadne), e.g. P-Asserted-Identity. */
    public String header(String name) {
        return carrier.ari().getChannelVar(channelId, "PJSIP_HEADER(read," + name + ")").onErrorReturn("")
                .block(Duration.ofSeconds(5));
    }

    /**
     * How the call ended on the carrier's side.
     *
     * @param sipStatus the SIP response that ended an unanswered call (ARI's {@code tech_cause}), or null
     */
    public record Hangup(int cause, String causeText, Integer sipStatus) {}

    /** Thrown when a call ends while the test still waits for it to be answered. */
    public static final class EndedException extends AssertionError {
        public final Hangup hangup;

        EndedException(String channelId, Hangup hangup) {
            super("carrier channel " + channelId + " ended before it was answered: cause " + hangup.cause() + " ("
                    + hangup.causeText() + ")");
            this.hangup = hangup;
        }
    }

    public String channelId() {
        return channelId;
    }

    /** This channel's events, from its first one on. */
    public Flux<AriEvent> events() {
        return carrier.events().filter(e -> channelId.equals(e.channel()));
    }

    /**
     * Waits until Ariadne answered: the originated channel enters the carrier's Stasis app only once it is up
     * ({@code StasisStart}; a {@code ChannelStateChange} to Up counts too).
     */
    public void awaitAnswered(Duration timeout) {
        AriEvent first = events()
                .filter(e -> e instanceof AriEvent.StasisStart
                        || e instanceof AriEvent.ChannelStateChange c && "Up".equals(c.state())
                        || e instanceof AriEvent.ChannelDestroyed)
                .next()
                .timeout(timeout, Mono.empty())
                .block();
        if (first == null) {
            throw new AssertionError("carrier channel " + channelId + " not answered within " + timeout);
        }
        if (first instanceof AriEvent.ChannelDestroyed d) {
            throw new EndedException(channelId, new Hangup(d.cause(), d.causeText(), d.techCause()));
        }
    }

    /** Waits for the channel to be gone ({@code ChannelDestroyed}) and says why. */
    public Hangup awaitHangup(Duration timeout) {
        AriEvent.ChannelDestroyed d = events()
                .ofType(AriEvent.ChannelDestroyed.class)
                .next()
                .timeout(timeout, Mono.empty())
                .block();
        if (d == null) {
            throw new AssertionError("carrier channel " + channelId + " still up after " + timeout);
        }
        return new Hangup(d.cause(), d.causeText(), d.techCause());
    }

    /**
     * Waits for Ariadne to refuse the call: the channel ends without ever being answered (it never entered the
     * carrier's Stasis app, which happens on answer). Hangs up in any case.
     */
    public Hangup awaitRejected(Duration timeout) {
        try {
            Hangup hangup = awaitHangup(timeout);
            java.util.List<AriEvent> seen = events().take(Duration.ofMillis(200)).collectList().block();
            if (seen != null && seen.stream().anyMatch(AriEvent.StasisStart.class::isInstance)) {
                throw new AssertionError("carrier channel " + channelId + " was answered before it ended");
            }
            return hangup;
        } finally {
            hangup();
        }
    }

    /** The hangup if the channel is already gone, without waiting. */
    public Optional<Hangup> hangupSoFar() {
        return Optional.ofNullable(events()
                        .ofType(AriEvent.ChannelDestroyed.class)
                        .next()
                        .timeout(Duration.ofMillis(50), Mono.empty())
                        .block())
                .map(d -> new Hangup(d.cause(), d.causeText(), d.techCause()));
    }

    /** Starts playing ({@code tone:440}, {@code sound:...}) and returns the playback id. */
    public String play(String mediaUri) {
        // Right after StasisStart the carrier's Asterisk can still answer 409 "not in Stasis application" for a
        // moment (seen once, after Ariadne's Asterisk restarted); a channel that really left fails all retries.
        return carrier.ari().play(channelId, mediaUri)
                .retryWhen(reactor.util.retry.Retry.fixedDelay(5, Duration.ofMillis(200))
                        .filter(e -> e instanceof dev.ariadne.ari.AriException a && a.status() == 409))
                .block(Duration.ofSeconds(5));
    }

    /** Stops a playback: a {@code tone:} playback never ends by itself and holds back DTMF and recordings. */
    public void stopPlayback(String playbackId) {
        carrier.request("DELETE", "/playbacks/" + playbackId, Map.of());
    }

    /** Sends RFC 4733 DTMF towards Ariadne. */
    public void sendDtmf(String digits) {
        carrier.ari().sendDtmf(channelId, digits).block(Duration.ofSeconds(10));
    }

    /** Starts recording what the carrier hears from Ariadne into {@code <recordings>/<name>.wav}. */
    public void startRecording(String name) {
        carrier.request("POST", "/channels/" + channelId + "/record",
                Map.of("name", name, "format", "wav", "ifExists", "overwrite"));
    }

    /** Stops the recording and returns the finished file. */
    public Path stopRecording(String name) {
        carrier.request("POST", "/recordings/live/" + name + "/stop", Map.of());
        Path file = carrier.recordings().resolve(name + ".wav");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        try {
            // The file is written as the recording runs; after stop only the header is finalised.
            while (System.nanoTime() < deadline && (!Files.exists(file) || Files.size(file) <= 44)) {
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return file;
    }

    /** The codec the carrier's channel uses, as Asterisk names it (e.g. {@code ulaw}, {@code alaw}). */
    public String nativeFormat() {
        String formats = carrier.ari().getChannelVar(channelId, "CHANNEL(audionativeformat)").block(Duration.ofSeconds(5));
        return formats == null ? null : formats.replace("(", "").replace(")", "");
    }

    /** Hangs up from the carrier's side (BYE towards Ariadne). */
    public void hangup() {
        carrier.ari().hangup(channelId, null).onErrorComplete().block(Duration.ofSeconds(5));
    }
}
