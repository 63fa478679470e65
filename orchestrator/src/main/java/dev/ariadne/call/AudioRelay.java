package dev.ariadne.call;

import dev.ariadne.ai.AgentEvent;
import dev.ariadne.ai.AgentSession;
import dev.ariadne.media.MediaSession;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.Disposable;
import reactor.core.Disposables;

/**
 * Connects one call's media session with its agent session: caller audio to the agent, the agent's audio,
 * {@code clear} and {@code mark} to the playout queue, played marks back to the agent. Audio never leaves this
 * path; every other agent event goes to {@code control} (the call's inbox). This is the whole per-frame path
 * of a call, also driven by the media benchmark.
 */
public final class AudioRelay implements Disposable {
    private final Disposable.Composite subscriptions = Disposables.composite();

    private AudioRelay() {}

    /**
     * @param control receives the agent's control events, and {@link AgentEvent.Closed} when its stream ends
     * @param failure receives an error of either stream
     */
    public static AudioRelay start(MediaSession media, AgentSession agent, Consumer<AgentEvent> control,
            Consumer<Throwable> failure) {
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(agent, "agent");
        AudioRelay relay = new AudioRelay();
        relay.subscriptions.add(media.fromCaller().subscribe(agent::sendAudio, failure));
        relay.subscriptions.add(media.marksPlayed().subscribe(agent::sendMarkPlayed));
        relay.subscriptions.add(agent.events().subscribe(e -> {
            switch (e) {
                case AgentEvent.Audio au -> media.toCaller(au.pcmLe(), 0, au.pcmLe().length);
                case AgentEvent.Clear c -> media.clear();
                case AgentEvent.Mark mk -> media.mark(mk.name());
                default -> control.accept(e);
            }
        }, failure, () -> control.accept(new AgentEvent.Closed(1006, "agent stream ended"))));
        return relay;
    }

    @Override
    public void dispose() {
        subscriptions.dispose();
    }

    @Override
    public boolean isDisposed() {
        return subscriptions.isDisposed();
    }
}
