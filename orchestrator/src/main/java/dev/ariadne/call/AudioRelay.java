package dev.ariadne.call;

import dev.ariadne.ai.AgentEvent;
import dev.ariadne.ai.AgentSession;
import dev.ariadne.media.MediaSession;
import io.netty.buffer.ByteBuf;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.Disposable;

/**
 * Connects one call's media session with its agent session: caller audio to the agent, the agent's audio,
 * {@code clear} and {@code mark} to the playout queue, played marks back to the agent. Audio never leaves this
 * path; every other agent event goes to {@code control} (the call's inbox). This is the whole per-frame path
 * of a call, also driven by the media benchmark.
 *
 * <p>With both sessions on the same event loop (as call setup arranges), each frame is handed from one socket
 * to the other by direct calls on that thread: no queue, no thread switch, no per-frame allocation here.
 */
public final class AudioRelay implements Disposable, MediaSession.Listener, AgentSession.AudioSink {

    private final MediaSession media;
    private final AgentSession agent;
    private volatile boolean disposed;
    private Disposable control;

    private AudioRelay(MediaSession media, AgentSession agent) {
        this.media = media;
        this.agent = agent;
    }

    /**
     * @param control receives the agent's control events, and {@link AgentEvent.Closed} when its stream ends
     * @param failure receives an error of the agent's event stream
     */
    public static AudioRelay start(MediaSession media, AgentSession agent, Consumer<AgentEvent> control,
            Consumer<Throwable> failure) {
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(agent, "agent");
        AudioRelay relay = new AudioRelay(media, agent);
        relay.control = agent.events().subscribe(control, failure,
                () -> control.accept(new AgentEvent.Closed(1006, "agent stream ended")));
        agent.start(relay);
        media.start(relay);
        return relay;
    }

    /** Audio only: whoever holds the agent session already takes its control events ({@link AgentSession#events}). */
    public static AudioRelay start(MediaSession media, AgentSession agent) {
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(agent, "agent");
        AudioRelay relay = new AudioRelay(media, agent);
        relay.control = reactor.core.Disposables.disposed();
        agent.start(relay);
        media.start(relay);
        return relay;
    }

    // Media side: the caller's audio and played marks.

    @Override
    public void callerAudio(ByteBuf pcmLe) {
        if (disposed) {
            pcmLe.release();
        } else {
            agent.sendAudio(pcmLe);
        }
    }

    @Override
    public void markPlayed(String name) {
        if (!disposed) {
            agent.sendMarkPlayed(name);
        }
    }

    // Agent side: its audio, clear and mark.

    @Override
    public void audio(ByteBuf pcmLe) {
        if (!disposed) {
            media.toCaller(pcmLe);
        }
    }

    @Override
    public void clear() {
        if (!disposed) {
            media.clear();
        }
    }

    @Override
    public void mark(String name) {
        if (!disposed) {
            media.mark(name);
        }
    }

    @Override
    public void dispose() {
        disposed = true;
        control.dispose();
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }
}
